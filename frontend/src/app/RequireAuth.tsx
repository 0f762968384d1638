import { Suspense, useSyncExternalStore } from 'react'
import { Navigate, Outlet, useLocation } from 'react-router'
import { useMe } from '../api'
import { onSessionChange, sessionState } from '../api/session'
import { ErrorAlert, Loading } from '../components'

/**
 * Signed-in pages. Signed out → the sign-in page (and back here after). A pending forced password
 * change → only the password page. An expired session keeps the page (the re-sign-in dialog).
 */
export function RequireAuth() {
  const state = useSyncExternalStore(onSessionChange, sessionState)
  const location = useLocation()
  const me = useMe(state !== 'signed-out')
  if (state === 'signed-out') return <Navigate to="/dang-nhap" replace state={{ from: location.pathname }} />
  if (me.isPending) return <Loading />
  if (me.isError && !me.data) return <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
  if (me.data?.account.must_change_password && location.pathname !== '/doi-mat-khau') {
    return <Navigate to="/doi-mat-khau" replace />
  }
  return (
    <Suspense fallback={<Loading />}>
      <Outlet />
    </Suspense>
  )
}

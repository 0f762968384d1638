import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const SignInPage = lazy(() => import('./SignInPage'))
const ChangePasswordPage = lazy(() => import('./ChangePasswordPage'))

/** Public: reachable signed out. */
export const publicAuthRoutes: RouteObject[] = [{ path: '/dang-nhap', element: <SignInPage /> }]

/** Signed in, including with a pending forced password change. */
export const authRoutes: RouteObject[] = [{ path: '/doi-mat-khau', element: <ChangePasswordPage /> }]

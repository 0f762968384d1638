import { Layout } from 'antd'
import { Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Outlet } from 'react-router'
import { Loading } from '../components'
import { FeedbackLink } from './FeedbackLink'

/** Pages reachable signed out: sign-in, guides, feedback. */
export function PublicLayout() {
  const { t } = useTranslation()
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: '#b71c1c', display: 'flex', alignItems: 'center' }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600 }}>
          {t('appName')}
        </Link>
      </Layout.Header>
      <Layout.Content>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center' }}>
        <FeedbackLink /> · <Link to="/huong-dan">{t('guide')}</Link>
      </Layout.Footer>
    </Layout>
  )
}

import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CheckSquareOutlined,
  ControlOutlined,
  FormOutlined,
  HomeOutlined,
  LogoutOutlined,
  MenuOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons'
import { App as AntApp, Button, Drawer, Grid, Layout, Menu, Select, Space, Typography } from 'antd'
import { Suspense, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Outlet, useLocation, useNavigate } from 'react-router'
import { hasRole, useMe } from '../api'
import { Loading } from '../components'
import { ReloginDialog } from '../features/auth/ReloginDialog'
import { useSignOut } from '../features/auth/useSignIn'
import { NotificationBell } from '../features/notifications/NotificationBell'
import { setLanguage, type Language } from '../i18n'
import { FeedbackLink } from './FeedbackLink'

const { Header, Sider, Content, Footer } = Layout

/** The signed-in frame: menu (a drawer on phones), who is signed in, language, sign-out, feedback. */
export default function AppLayout() {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const screens = Grid.useBreakpoint()
  const phone = !screens.lg
  const [drawer, setDrawer] = useState(false)
  const location = useLocation()
  const navigate = useNavigate()
  const signOut = useSignOut()
  const hasPerson = !!me.data?.person
  // Those who manage the organisation (operators, bloc and unit administrators).
  const administers = ['operator', 'bloc_admin', 'unit_admin'].some((role) => hasRole(me.data, role))
  // Those who read statistics: administrators and aggregators ("tổng hợp").
  const reports = administers || hasRole(me.data, 'aggregator')
  // Arriving from the sign-in page, the focused field is gone and the browser would start the
  // next Tab from wherever it stood: start it at the top, so the first Tab reaches the skip link.
  const top = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body) {
      top.current?.focus({ preventScroll: true })
    }
  }, [])

  const items = [
    { key: '/', icon: <HomeOutlined />, label: <Link to="/">{t('nav.home')}</Link> },
    ...(hasPerson
      ? [
          {
            key: '/cong-viec',
            icon: <CheckSquareOutlined />,
            label: <Link to="/cong-viec">{t('nav.work')}</Link>,
          },
          {
            key: '/danh-gia',
            icon: <FormOutlined />,
            label: <Link to="/danh-gia">{t('nav.evaluation')}</Link>,
          },
          { key: '/xu-ly', icon: <AuditOutlined />, label: <Link to="/xu-ly">{t('nav.review')}</Link> },
          { key: '/ket-qua', icon: <TrophyOutlined />, label: <Link to="/ket-qua">{t('nav.results')}</Link> },
        ]
      : []),
    ...(administers
      ? [
          { key: '/to-chuc', icon: <ApartmentOutlined />, label: <Link to="/to-chuc">{t('nav.org')}</Link> },
          {
            key: '/tai-khoan',
            icon: <TeamOutlined />,
            label: <Link to="/tai-khoan">{t('nav.accounts')}</Link>,
          },
        ]
      : []),
    ...(reports
      ? [
          {
            key: '/bao-cao',
            icon: <BarChartOutlined />,
            label: <Link to="/bao-cao">{t('nav.reports')}</Link>,
          },
        ]
      : []),
    ...(administers
      ? [
          {
            key: '/quy-dinh',
            icon: <ControlOutlined />,
            label: <Link to="/quy-dinh">{t('nav.rules')}</Link>,
          },
          {
            key: '/van-hanh',
            icon: <ApiOutlined />,
            label: <Link to="/van-hanh">{t('nav.operations')}</Link>,
          },
        ]
      : []),
    { key: '/huong-dan', icon: <BookOutlined />, label: <Link to="/huong-dan">{t('nav.guide')}</Link> },
  ]
  const selected = items
    .map((i) => i.key)
    .filter((k) => (k === '/' ? location.pathname === '/' : location.pathname.startsWith(k)))
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected}
      items={items}
      onClick={() => setDrawer(false)}
      aria-label={t('appShort')}
    />
  )

  return (
    <AntApp>
      <Layout style={{ minHeight: '100vh' }}>
        <div ref={top} tabIndex={-1} style={{ outline: 'none' }} />
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            padding: phone ? '0 12px' : '0 24px',
            background: '#b71c1c',
          }}
        >
          {phone && (
            <Button
              type="text"
              icon={<MenuOutlined style={{ color: '#fff' }} />}
              aria-label={t('openMenu')}
              onClick={() => setDrawer(true)}
            />
          )}
          <Link
            to="/"
            style={{
              color: '#fff',
              fontWeight: 600,
              whiteSpace: 'nowrap',
              flex: '1 1 auto',
              overflow: 'hidden',
              textOverflow: 'ellipsis',
            }}
          >
            {phone ? t('appShort') : t('appName')}
          </Link>
          <Space size="small">
            {hasPerson && <NotificationBell />}
            {!phone && me.data && (
              <Typography.Text style={{ color: '#fff' }} data-testid="signed-in-as">
                {me.data.person?.full_name ?? me.data.account.username}
              </Typography.Text>
            )}
            <Select<Language>
              size="small"
              value={i18n.language.startsWith('en') ? 'en' : 'vi'}
              onChange={setLanguage}
              aria-label={t('language')}
              options={[
                { value: 'vi', label: phone ? 'VI' : 'Tiếng Việt' },
                { value: 'en', label: phone ? 'EN' : 'English' },
              ]}
              style={{ width: phone ? 70 : 132 }}
            />
            <Button
              icon={<LogoutOutlined />}
              aria-label={t('signOut')}
              onClick={async () => {
                await signOut()
                navigate('/dang-nhap', { replace: true })
              }}
            >
              {phone ? null : t('signOut')}
            </Button>
          </Space>
        </Header>
        <Layout>
          {!phone && (
            <Sider width={230} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
              <nav>{menu}</nav>
            </Sider>
          )}
          <Drawer
            open={phone && drawer}
            onClose={() => setDrawer(false)}
            placement="left"
            size={260}
            title={t('appShort')}
          >
            <nav>{menu}</nav>
          </Drawer>
          <Layout>
            <Content id="main" tabIndex={-1} style={{ padding: phone ? 12 : 24, outline: 'none' }}>
              <main>
                <Suspense fallback={<Loading />}>
                  <Outlet />
                </Suspense>
              </main>
            </Content>
            <Footer style={{ textAlign: 'center', padding: '12px 16px' }}>
              <FeedbackLink /> · <Link to="/huong-dan">{t('guide')}</Link>
            </Footer>
          </Layout>
        </Layout>
        <ReloginDialog username={me.data?.account.username} />
      </Layout>
    </AntApp>
  )
}

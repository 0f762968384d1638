import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate } from 'react-router'
import { PageTitle } from '../../components'
import { SignInForm } from './SignInForm'

export default function SignInPage() {
  const { t } = useTranslation('auth')
  const navigate = useNavigate()
  const location = useLocation()
  const from = (location.state as { from?: string } | null)?.from ?? '/'
  return (
    <main id="main" style={{ maxWidth: 420, margin: '48px auto', padding: '0 16px' }}>
      <section style={{ background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, padding: 24 }}>
        <PageTitle>{t('signInTitle')}</PageTitle>
        <Typography.Paragraph type="secondary">{t('signInIntro')}</Typography.Paragraph>
        <SignInForm
          onSignedIn={(pair) =>
            navigate(pair.must_change_password ? '/doi-mat-khau' : from, { replace: true })
          }
        />
        <Typography.Paragraph style={{ marginTop: 16 }}>
          <Link to="/huong-dan">{t('common:guide')}</Link>
        </Typography.Paragraph>
      </section>
    </main>
  )
}

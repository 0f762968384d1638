import { Alert, Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** A one-time password, shown once: the administrator copies it and hands it over. */
export function OneTimePassword({ username, password }: { username: string; password: string }) {
  const { t } = useTranslation('accounts')
  return (
    <Alert
      type="success"
      showIcon
      title={t('otpTitle', { username })}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            {t('otpLabel')}{' '}
            <Typography.Text
              code
              copyable={{ tooltips: [t('copy'), t('copied')] }}
              data-testid="one-time-password"
            >
              {password}
            </Typography.Text>
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{t('otpOnce')}</Typography.Paragraph>
        </>
      }
    />
  )
}

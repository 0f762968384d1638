import { Alert } from 'antd'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api'

/** Shows an API problem (its Vietnamese or English detail) or a network failure. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation()
  const message = error instanceof ApiError ? error.problem.detail || error.problem.title : t('networkError')
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('errorTitle')}
      description={message}
      action={onRetry ? <a onClick={onRetry}>{t('retry')}</a> : undefined}
    />
  )
}

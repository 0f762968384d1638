import { Modal, Typography } from 'antd'
import { useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { onSessionChange, sessionState } from '../../api/session'
import { SignInForm } from './SignInForm'

/**
 * Shown over the page when the session ended while the user was working: they sign in again in
 * place, the requests that were waiting are retried, and nothing they typed is lost.
 */
export function ReloginDialog({ username }: { username?: string }) {
  const { t } = useTranslation('auth')
  const state = useSyncExternalStore(onSessionChange, sessionState)
  return (
    <Modal
      open={state === 'expired'}
      title={t('expiredTitle')}
      footer={null}
      closable={false}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('expiredIntro')}</Typography.Paragraph>
      <SignInForm initialUsername={username} lockUsername={!!username} onSignedIn={() => undefined} />
    </Modal>
  )
}

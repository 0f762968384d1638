import { useTranslation } from 'react-i18next'
import { ShownOnce } from '../../components/ShownOnce'

/** A one-time password, shown once: the administrator copies it and hands it over. */
export function OneTimePassword({ username, password }: { username: string; password: string }) {
  const { t } = useTranslation('accounts')
  return (
    <ShownOnce
      title={t('otpTitle', { username })}
      label={t('otpLabel')}
      value={password}
      note={t('otpOnce')}
    />
  )
}

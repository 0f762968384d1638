import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'

/** Điều 23.3: every page offers a way to send feedback on the system. */
export function FeedbackLink() {
  const { t } = useTranslation()
  return <Link to="/gop-y">{t('feedback')}</Link>
}

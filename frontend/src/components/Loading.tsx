import { Spin } from 'antd'
import { useTranslation } from 'react-i18next'

export function Loading() {
  const { t } = useTranslation()
  return (
    <div style={{ padding: 48, textAlign: 'center' }} aria-busy="true">
      <Spin description={t('loading')} />
    </div>
  )
}

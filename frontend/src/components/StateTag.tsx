import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'

const COLORS: Record<string, string> = {
  draft: 'default',
  self_submitted: 'processing',
  reviewed: 'cyan',
  decided: 'purple',
  published: 'success',
}

export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation()
  return <Tag color={COLORS[state]}>{t(`states.${state}`, { defaultValue: state })}</Tag>
}

import { CheckCircleOutlined, ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons'
import { Typography } from 'antd'
import dayjs from 'dayjs'
import { useTranslation } from 'react-i18next'
import { CRITERIA_NS } from './i18n'
import type { AutosaveStatus } from './useAutosave'

/** "Đang lưu…" / "Đã lưu lúc hh:mm" beside a form that saves itself. */
export function SaveStatus({ status, savedAt }: { status: AutosaveStatus; savedAt: Date | null }) {
  const { t } = useTranslation(CRITERIA_NS)
  let content: React.ReactNode = null
  if (status === 'saving')
    content = (
      <>
        <LoadingOutlined /> {t('saving')}
      </>
    )
  else if (status === 'error')
    content = (
      <Typography.Text style={{ color: '#b42318' }}>
        <ExclamationCircleOutlined /> {t('saveFailed')}
      </Typography.Text>
    )
  else if (status === 'dirty') content = t('unsaved')
  else if (savedAt)
    content = (
      <>
        <CheckCircleOutlined style={{ color: '#389e0d' }} />{' '}
        {t('savedAt', { time: dayjs(savedAt).format('HH:mm') })}
      </>
    )
  return (
    <span role="status" aria-live="polite" data-testid="save-status" style={{ color: '#434343' }}>
      {content}
    </span>
  )
}

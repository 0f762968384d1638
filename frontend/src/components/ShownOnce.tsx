import { Alert, Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** A secret the server shows only once (a one-time password, a client secret): copy it now. */
export function ShownOnce({
  title,
  label,
  value,
  note,
}: {
  title: string
  label: string
  value: string
  note: string
}) {
  const { t } = useTranslation()
  return (
    <Alert
      type="success"
      showIcon
      title={title}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            {label}{' '}
            <Typography.Text code copyable={{ tooltips: [t('copy'), t('copied')] }} data-testid="shown-once">
              {value}
            </Typography.Text>
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{note}</Typography.Paragraph>
        </>
      }
    />
  )
}

import { DatePicker, Form, Input, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { useRequired, type fieldHelp } from '../../components/FormModal'

/**
 * The decision ("quyết định") that names or hands over a unit's one admin account (Điều 3.10):
 * its number and date, both required.
 */
export function DecisionFields({ error }: { error?: ReturnType<typeof fieldHelp> }) {
  const { t } = useTranslation('accounts')
  const required = useRequired('accounts')
  return (
    <Space wrap style={{ width: '100%' }}>
      <Form.Item
        name="decision_number"
        label={t('decisionNumber')}
        rules={[required('decisionNumber')]}
        {...error?.('decision_number')}
      >
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item
        name="decision_date"
        label={t('decisionDate')}
        rules={[required('decisionDate')]}
        {...error?.('decision_date')}
      >
        <DatePicker format="DD/MM/YYYY" />
      </Form.Item>
    </Space>
  )
}

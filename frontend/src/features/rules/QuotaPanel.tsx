import { App, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert, Loading } from '../../components'
import { fieldHelp } from '../../components/FormModal'
import { useQuotaOverride, useQuotaPolicy, useSaveQuotaPolicy, type QuotaPolicy } from './useRules'
import { UnitPicker } from '../../components/Pickers'

/** The A quota (Điều 13.1): the policy for everyone, and a unit's exception by decision. */
export function QuotaPanel() {
  const { t } = useTranslation('rules')
  const { message } = App.useApp()
  const policy = useQuotaPolicy()
  const save = useSaveQuotaPolicy()
  const [form] = Form.useForm<QuotaPolicy>()
  const [unitId, setUnitId] = useState<string>()
  const override = useQuotaOverride(unitId ?? '')
  const [overrideForm] = Form.useForm<{ percent: number; decision_number: string }>()
  const error = fieldHelp(save.error)
  const overrideError = fieldHelp(override.error)
  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data)
  }, [policy.data, form])

  if (policy.isLoading) return <Loading />
  if (policy.isError) return <ErrorAlert error={policy.error} onRetry={() => policy.refetch()} />
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 720 }}>
      <Card
        size="small"
        title={
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('policyTitle')}
          </Typography.Title>
        }
      >
        <Typography.Paragraph>{t('policyIntro')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => save.mutate(v, { onSuccess: () => void message.success(t('saved')) })}
        >
          <Form.Item name="percent" label={t('percent')} {...error('percent')}>
            <InputNumber min={0} max={100} addonAfter="%" />
          </Form.Item>
          <Form.Item name="base" label={t('base')} {...error('base')}>
            <Select
              options={['ranked_b', 'ranked_b_or_above', 'headcount'].map((b) => ({
                value: b,
                label: t(`bases.${b}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="rounding" label={t('rounding')} {...error('rounding')}>
            <Select
              options={['floor', 'round', 'ceil'].map((r) => ({ value: r, label: t(`roundings.${r}`) }))}
            />
          </Form.Item>
          <Form.Item name="small_group_threshold" label={t('smallGroup')} {...error('small_group_threshold')}>
            <InputNumber min={0} max={1000} />
          </Form.Item>
          <Form.Item
            name="small_group_allowance"
            label={t('smallGroupAllowance')}
            {...error('small_group_allowance')}
          >
            <InputNumber min={0} max={1000} />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={save.isPending}>
            {t('savePolicy')}
          </Button>
        </Form>
        {save.isError && <ErrorAlert error={save.error} />}
      </Card>
      <Card
        size="small"
        title={
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('overrideTitle')}
          </Typography.Title>
        }
      >
        <Form
          form={overrideForm}
          layout="vertical"
          onFinish={(v) =>
            override.mutate(
              { percent: v.percent, decision_number: v.decision_number.trim() },
              { onSuccess: () => void message.success(t('saved')) },
            )
          }
        >
          <Form.Item label={t('unit')} htmlFor="override-unit" required>
            <UnitPicker id="override-unit" value={unitId} onChange={setUnitId} />
          </Form.Item>
          <Form.Item
            name="percent"
            label={t('percent')}
            rules={[{ required: true, message: t('percentRequired') }]}
            {...overrideError('percent')}
          >
            <InputNumber min={0} max={100} addonAfter="%" />
          </Form.Item>
          <Form.Item
            name="decision_number"
            label={t('decision')}
            rules={[{ required: true, whitespace: true, message: t('decisionRequired') }]}
            {...overrideError('decision_number')}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Button htmlType="submit" disabled={!unitId} loading={override.isPending}>
            {t('saveOverride')}
          </Button>
        </Form>
        {override.isError && <ErrorAlert error={override.error} />}
      </Card>
    </Space>
  )
}

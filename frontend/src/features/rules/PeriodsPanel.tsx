import { App, Button, Card, Col, DatePicker, Descriptions, Form, Row, Select, Space, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { hasRole, useMe } from '../../api'
import { ErrorAlert, currentPeriod, hanoiDateTime, periodLabel, shiftPeriod } from '../../components'
import { fieldHelp } from '../../components/FormModal'
import { useExtend, usePatchPeriod, usePeriod, type PeriodDates } from './useRules'
import { PersonPicker, UnitPicker } from '../../components/Pickers'

const STEPS = ['plan_due', 'self_opens', 'self_closes', 'decision_closes', 'publication_closes'] as const
type Step = (typeof STEPS)[number]

// Deadlines are Hanoi times whatever the browser's zone: the pickers show Hanoi's wall clock.
const toPicker = (instant: string) =>
  dayjs(new Date(new Date(instant).getTime() + 7 * 3600_000).toISOString().slice(0, 19))
const fromPicker = (d: Dayjs) => `${d.format('YYYY-MM-DDTHH:mm')}:00+07:00`

/** A period's deadlines for a unit (or system-wide), changed for holidays; a person's extension. */
export function PeriodsPanel() {
  const { t } = useTranslation('rules')
  const { message } = App.useApp()
  const me = useMe()
  const now = currentPeriod(me.data)
  const [chosen, setPeriod] = useState<string>()
  const period = chosen ?? now
  const [unitId, setUnitId] = useState<string>()
  const dates = usePeriod(period, unitId)
  const patch = usePatchPeriod(period ?? '')
  const extend = useExtend(period ?? '')
  const [form] = Form.useForm<Record<Step, Dayjs | null>>()
  const [extension] = Form.useForm<{ person_id: string; step: string; until: Dayjs }>()
  const months = now ? Array.from({ length: 5 }, (_, i) => shiftPeriod(now, 2 - i)) : []
  const patchError = fieldHelp(patch.error)
  const extendError = fieldHelp(extend.error)
  const operator = hasRole(me.data, 'operator')

  // The pickers are shown once asked for, filled with the deadlines in force.
  const [editing, setEditing] = useState(false)
  const edit = (d: PeriodDates) => {
    setEditing(true)
    form.setFieldsValue(Object.fromEntries(STEPS.map((s) => [s, toPicker(d[s])])) as Record<Step, Dayjs>)
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Form layout="inline" style={{ rowGap: 8 }}>
        <Form.Item label={t('month')} htmlFor="period-month">
          <Select
            id="period-month"
            value={period}
            onChange={(p) => {
              setPeriod(p)
              setEditing(false)
            }}
            style={{ width: 120 }}
            options={months.map((m) => ({ value: m, label: periodLabel(m) }))}
          />
        </Form.Item>
        <Form.Item label={t('unit')} htmlFor="period-unit">
          <div style={{ width: 320 }}>
            <UnitPicker
              id="period-unit"
              value={unitId}
              onChange={(u) => {
                setUnitId(u)
                setEditing(false)
              }}
              placeholder={t('systemWide')}
            />
          </div>
        </Form.Item>
      </Form>
      {dates.isError ? (
        <ErrorAlert error={dates.error} onRetry={() => dates.refetch()} />
      ) : (
        dates.data && (
          <Card
            size="small"
            title={
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                {t('deadlinesOf', { period: periodLabel(dates.data.period) })}
              </Typography.Title>
            }
            extra={<Button onClick={() => edit(dates.data)}>{t('change')}</Button>}
          >
            <Descriptions size="small" column={1} data-testid="deadlines">
              {STEPS.map((s) => (
                <Descriptions.Item key={s} label={t(`steps.${s}`)}>
                  {hanoiDateTime(dates.data[s])}
                </Descriptions.Item>
              ))}
            </Descriptions>
            <Form
              form={form}
              layout="vertical"
              hidden={!editing}
              onFinish={(v) => {
                const body = Object.fromEntries(
                  STEPS.filter((s) => v[s] && fromPicker(v[s]!) !== fromPicker(toPicker(dates.data[s]))).map(
                    (s) => [s, fromPicker(v[s]!)],
                  ),
                )
                patch.mutate(
                  { ...body, unit_id: unitId ?? null, ...(operator ? { allow_past_year_end: false } : {}) },
                  { onSuccess: () => void message.success(t('saved')) },
                )
              }}
            >
              <Row gutter={12}>
                {STEPS.map((s) => (
                  <Col xs={24} md={12} key={s}>
                    <Form.Item name={s} label={t(`steps.${s}`)} {...patchError(s)}>
                      <DatePicker
                        showTime={{ format: 'HH:mm' }}
                        format="DD/MM/YYYY HH:mm"
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
              <Button htmlType="submit" type="primary" loading={patch.isPending}>
                {unitId ? t('saveForUnit') : t('saveSystemWide')}
              </Button>
            </Form>
            {patch.isError && <ErrorAlert error={patch.error} />}
          </Card>
        )
      )}
      <Card
        size="small"
        title={
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('extensionTitle')}
          </Typography.Title>
        }
      >
        <Form
          form={extension}
          layout="vertical"
          initialValues={{ step: 'self' }}
          onFinish={(v) =>
            extend.mutate(
              { person_id: v.person_id, step: v.step, until: fromPicker(v.until) },
              {
                onSuccess: () => {
                  extension.resetFields()
                  void message.success(t('extended'))
                },
              },
            )
          }
        >
          <Row gutter={12}>
            <Col xs={24} md={10}>
              <Form.Item
                name="person_id"
                label={t('person')}
                rules={[{ required: true, message: t('personRequired') }]}
                {...extendError('person_id')}
              >
                <PersonPicker />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="step" label={t('step')} {...extendError('step')}>
                <Select
                  options={['plan', 'self', 'review', 'decision', 'publication'].map((s) => ({
                    value: s,
                    label: t(`extensionSteps.${s}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item
                name="until"
                label={t('until')}
                rules={[{ required: true, message: t('untilRequired') }]}
                {...extendError('until')}
              >
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="DD/MM/YYYY HH:mm"
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          </Row>
          <Button htmlType="submit" loading={extend.isPending}>
            {t('extend')}
          </Button>
        </Form>
        {extend.isError && <ErrorAlert error={extend.error} />}
      </Card>
    </Space>
  )
}

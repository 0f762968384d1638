import { Alert, Button, DatePicker, Descriptions, Form, Input, Modal, Space, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fieldErrors, type Schemas } from '../../api'
import { ErrorAlert, periodLabel } from '../../components'
import { fieldHelp, useOnOpen, useRequired } from '../../components/FormModal'
import { PostFields } from './PostFields'
import { PersonPicker, UnitPicker } from '../../components/Pickers'
import { useUnit, useTransfer, type Person, type TransferRequest, type TransferResult } from './useOrg'

type Values = {
  unit_id: string
  category: Schemas['PositionCategory']
  title: string
  form_code: number
  office?: string | null
  successor_person_id?: string
  decision_number?: string
  decision_date?: Dayjs | null
  reason?: string
}

function UnitName({ id }: { id: string }) {
  const unit = useUnit(id)
  return <>{unit.data?.name ?? '…'}</>
}

/** What the transfer would do (or did), in words: the duties that end and what moves. */
export function TransferOutcome({ result }: { result: TransferResult }) {
  const { t } = useTranslation('org')
  const none = <Typography.Text type="secondary">{t('nothing')}</Typography.Text>
  return (
    <Descriptions size="small" column={1} bordered data-testid="transfer-outcome">
      <Descriptions.Item label={t('newPost')}>
        {result.person.position.title}, <UnitName id={result.person.unit_id} />
      </Descriptions.Item>
      <Descriptions.Item label={t('endedDuties')}>
        {t('endedCounts', {
          inCharge: result.ended_in_charge,
          delegations: result.ended_delegations,
          assignments: result.ended_assignments,
        })}
      </Descriptions.Item>
      <Descriptions.Item label={t('removedRoles')}>
        {result.removed_roles.length
          ? result.removed_roles.map((r) => t(`roleNames.${r}`, { defaultValue: r })).join(', ')
          : none}
      </Descriptions.Item>
      <Descriptions.Item label={t('handedOver')}>
        {result.handed_over_accounts.length
          ? result.handed_over_accounts.map((a) => (
              <div key={a.account_id}>
                {a.to_person_id
                  ? t('accountTo', { username: a.username })
                  : t('accountToNobody', { username: a.username })}
              </div>
            ))
          : none}
      </Descriptions.Item>
      {result.units_lacking_admin.length > 0 && (
        <Descriptions.Item label={t('lackingAdmin')}>
          {result.units_lacking_admin.map((id) => (
            <div key={id}>
              <UnitName id={id} />
            </div>
          ))}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('movedEvaluations')}>
        {result.moved_evaluations.length
          ? result.moved_evaluations.map((e) => (
              <div key={e.id}>
                {t('movedEvaluation', { month: periodLabel(e.period) })}
                {e.restarted ? ` ${t('restarted')}` : ''}
              </div>
            ))
          : none}
      </Descriptions.Item>
    </Descriptions>
  )
}

/**
 * Transfers a person to another post with the hand-over of Điều 20.4. The server first runs the
 * transfer and rolls it back to show what would move; only then can it be confirmed. Changing
 * a field asks for a new preview.
 */
export function TransferModal({
  open,
  person,
  onClose,
  onDone,
}: {
  open: boolean
  person: Person
  onClose: () => void
  onDone: (result: TransferResult) => void
}) {
  const { t } = useTranslation('org')
  const { t: common } = useTranslation()
  const [form] = Form.useForm<Values>()
  const { preview, confirm } = useTransfer(person.id)
  const [request, setRequest] = useState<TransferRequest>()
  const error = fieldHelp(preview.error ?? confirm.error)
  useOnOpen(open, () => {
    preview.reset()
    confirm.reset()
    setRequest(undefined)
    form.resetFields()
    form.setFieldsValue({
      category: person.position.category,
      title: person.position.title,
      form_code: person.position.form_code,
      // Kept unless changed: the office picks who decides for the holder.
      office: person.position.office ?? null,
    })
  })
  const required = useRequired('org')
  const ask = (v: Values) => {
    const body: TransferRequest = {
      unit_id: v.unit_id,
      position: {
        category: v.category,
        title: v.title.trim(),
        form_code: v.form_code,
        office: v.office ?? null,
      },
      successor_person_id: v.successor_person_id ?? null,
      decision_number: v.decision_number?.trim() || null,
      decision_date: v.decision_date ? v.decision_date.format('YYYY-MM-DD') : null,
      reason: v.reason?.trim() || null,
    }
    preview.mutate(body, { onSuccess: () => setRequest(body) })
  }
  const previewed = request && preview.data
  const failure = preview.error ?? confirm.error

  return (
    <Modal
      open={open}
      title={t('transferTitle', { name: person.full_name })}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      footer={
        <Space>
          <Button onClick={onClose}>{common('cancel')}</Button>
          {previewed ? (
            <Button
              type="primary"
              danger
              loading={confirm.isPending}
              onClick={() => confirm.mutate(request, { onSuccess: onDone })}
            >
              {t('confirmTransfer')}
            </Button>
          ) : (
            <Button type="primary" loading={preview.isPending} onClick={() => form.submit()}>
              {t('previewTransfer')}
            </Button>
          )}
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={ask}
        // Any change makes the last preview stale.
        onValuesChange={() => {
          setRequest(undefined)
          preview.reset()
        }}
      >
        <Form.Item name="unit_id" label={t('newUnit')} rules={[required('newUnit')]} {...error('unit_id')}>
          <UnitPicker placeholder={t('findUnit')} />
        </Form.Item>
        <PostFields error={error} />
        <Form.Item
          name="successor_person_id"
          label={t('successor')}
          extra={t('successorHelp')}
          {...error('successor_person_id')}
        >
          <PersonPicker placeholder={t('findPerson')} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }}>
          <Form.Item name="decision_number" label={t('decisionNumber')} {...error('decision_number')}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="decision_date" label={t('decisionDate')} {...error('decision_date')}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
        </Space>
        <Form.Item name="reason" label={t('transferReason')} {...error('reason')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
      </Form>
      {previewed && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon message={t('previewNote')} />
          <TransferOutcome result={preview.data} />
        </Space>
      )}
      {failure != null && Object.keys(fieldErrors(failure)).length === 0 && <ErrorAlert error={failure} />}
    </Modal>
  )
}

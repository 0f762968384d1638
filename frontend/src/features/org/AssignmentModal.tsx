import { DatePicker, Form, Input } from 'antd'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { FormModal, fieldHelp, useOnOpen, useRulesToday } from '../../components/FormModal'
import { useAssign, type Person } from './useOrg'
import { PersonPicker } from '../../components/Pickers'

type Values = {
  reviewer_id?: string
  decider_id?: string
  valid_from: Dayjs
  valid_until?: Dayjs | null
  note?: string
}

/** Names a person's reviewer and/or decider explicitly (rule 1), from a date. */
export function AssignmentModal({
  open,
  person,
  onClose,
}: {
  open: boolean
  person: Person
  onClose: () => void
}) {
  const { t } = useTranslation('org')
  const [form] = Form.useForm<Values>()
  const assign = useAssign(person.id)
  const error = fieldHelp(assign.error)
  const today = useRulesToday()
  useOnOpen(open, () => {
    assign.reset()
    form.setFieldsValue({ valid_from: today, valid_until: null, note: '' })
  })

  return (
    <FormModal
      open={open}
      title={t('assignTitle', { name: person.full_name })}
      pending={assign.isPending}
      error={assign.error}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          assign.mutate(
            {
              reviewer_id: v.reviewer_id ?? null,
              decider_id: v.decider_id ?? null,
              valid_from: v.valid_from.format('YYYY-MM-DD'),
              valid_until: v.valid_until ? v.valid_until.format('YYYY-MM-DD') : null,
              note: v.note?.trim() || null,
            },
            { onSuccess: onClose },
          )
        }
      >
        <Form.Item name="reviewer_id" label={t('reviewer')} {...error('reviewer_id')}>
          <PersonPicker />
        </Form.Item>
        <Form.Item
          name="decider_id"
          label={t('decider')}
          dependencies={['reviewer_id']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value || getFieldValue('reviewer_id')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('assignOne'))),
            }),
          ]}
          {...error('decider_id')}
        >
          <PersonPicker />
        </Form.Item>
        <Form.Item
          name="valid_from"
          label={t('validFrom')}
          rules={[{ required: true }]}
          {...error('valid_from')}
        >
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="valid_until" label={t('validUntil')} {...error('valid_until')}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('note')} {...error('note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  )
}

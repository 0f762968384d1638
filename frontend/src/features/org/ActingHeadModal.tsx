import { DatePicker, Form, Input, Select } from 'antd'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { FormModal, fieldHelp, useOnOpen, useRulesToday } from '../../components/FormModal'
import { useNameActingHead, type Person, type Unit } from './useOrg'

type Values = { acting_person_id: string; valid_from: Dayjs; valid_until?: Dayjs | null; note?: string }

/** Names an acting head ("người được giao quyền") of `unit` for a time. */
export function ActingHeadModal({
  open,
  unit,
  people,
  onClose,
  onNamed,
}: {
  open: boolean
  unit: Unit
  people: Person[]
  onClose: () => void
  onNamed: (name: string) => void
}) {
  const { t } = useTranslation('org')
  const [form] = Form.useForm<Values>()
  const name = useNameActingHead(unit.id)
  const error = fieldHelp(name.error)
  const today = useRulesToday()
  useOnOpen(open, () => {
    name.reset()
    form.setFieldsValue({ valid_from: today, valid_until: null, note: '' })
  })
  // Deputies first: they are the usual choice.
  const candidates = [...people].sort(
    (a, b) => Number(b.position.category === 'deputy') - Number(a.position.category === 'deputy'),
  )

  return (
    <FormModal
      open={open}
      title={t('nameActingHeadTitle', { unit: unit.name })}
      pending={name.isPending}
      error={name.error}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          name.mutate(
            {
              acting_person_id: v.acting_person_id,
              valid_from: v.valid_from.format('YYYY-MM-DD'),
              valid_until: v.valid_until ? v.valid_until.format('YYYY-MM-DD') : null,
              note: v.note?.trim() || null,
            },
            { onSuccess: () => onNamed(people.find((p) => p.id === v.acting_person_id)?.full_name ?? '') },
          )
        }
      >
        <Form.Item
          name="acting_person_id"
          label={t('actingPerson')}
          rules={[{ required: true, message: t('required', { field: t('actingPerson').toLowerCase() }) }]}
          {...error('acting_person_id')}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={candidates.map((p) => ({ value: p.id, label: `${p.full_name} (${p.position.title})` }))}
          />
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

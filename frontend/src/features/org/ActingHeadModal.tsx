import { Form, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { ValidityFields, validityBody, type Validity } from './ValidityFields'
import { FormModal, fieldHelp, useOnOpen, useRulesToday } from '../../components/FormModal'
import { useNameActingHead, type Person, type Unit } from './useOrg'

type Values = Validity & { acting_person_id: string }

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
              ...validityBody(v),
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
        <ValidityFields error={error} />
      </Form>
    </FormModal>
  )
}

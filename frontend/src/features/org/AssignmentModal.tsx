import { Form } from 'antd'
import { useTranslation } from 'react-i18next'
import { ValidityFields, validityBody, type Validity } from './ValidityFields'
import { FormModal, fieldHelp, useOnOpen, useRulesToday } from '../../components/FormModal'
import { useAssign, type Person } from './useOrg'
import { PersonPicker } from '../../components/Pickers'

type Values = Validity & { reviewer_id?: string; decider_id?: string }

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
              ...validityBody(v),
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
        <ValidityFields error={error} />
      </Form>
    </FormModal>
  )
}

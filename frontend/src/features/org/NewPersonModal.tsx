import { Form } from 'antd'
import { useTranslation } from 'react-i18next'
import type { Schemas } from '../../api'
import { PersonDetailsFields, PostFields } from './PostFields'
import { FormModal, fieldHelp, useOnOpen } from '../../components/FormModal'
import { useCreatePerson, type Person, type Unit } from './useOrg'

type Values = {
  full_name: string
  external_id?: string
  email?: string
  category: Schemas['PositionCategory']
  title: string
  form_code: number
  office?: string | null
}

/** Adds a person with their post to `unit`. */
export function NewPersonModal({
  open,
  unit,
  onClose,
  onCreated,
}: {
  open: boolean
  unit: Unit
  onClose: () => void
  onCreated: (person: Person) => void
}) {
  const { t } = useTranslation('org')
  const [form] = Form.useForm<Values>()
  const create = useCreatePerson()
  const error = fieldHelp(create.error)
  useOnOpen(open, () => {
    create.reset()
    form.resetFields()
  })

  return (
    <FormModal
      open={open}
      title={t('addPersonTitle', { unit: unit.name })}
      pending={create.isPending}
      error={create.error}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ category: 'staff' }}
        onFinish={(v) =>
          create.mutate(
            {
              full_name: v.full_name.trim(),
              external_id: v.external_id?.trim() || null,
              email: v.email?.trim() || null,
              unit_id: unit.id,
              position: {
                category: v.category,
                title: v.title.trim(),
                form_code: v.form_code,
                office: v.office ?? null,
              },
            },
            { onSuccess: onCreated },
          )
        }
      >
        <PersonDetailsFields error={error} />
        <PostFields error={error} />
      </Form>
    </FormModal>
  )
}

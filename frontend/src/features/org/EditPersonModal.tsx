import { Form, Select, Switch } from 'antd'
import { useTranslation } from 'react-i18next'
import type { Schemas } from '../../api'
import { PersonDetailsFields, PostFields } from './PostFields'
import { FormModal, fieldHelp, useOnOpen } from '../../components/FormModal'
import { useChildUnits, useUnitPeople, useUpdatePerson, type Person, type Unit } from './useOrg'

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x))

type Values = {
  full_name: string
  external_id?: string
  email?: string
  category: Schemas['PositionCategory']
  title: string
  form_code: number
  office?: string | null
  in_charge_of_unit_ids: string[]
  in_charge_of_person_ids: string[]
  active: boolean
}

/**
 * Changes a person's details, their post within their unit (kept in the post history) and, for a
 * deputy, the fields they are in charge of (Điều 10.3): departments of their unit, or people of
 * their department.
 */
export function EditPersonModal({
  open,
  person,
  unit,
  onClose,
  onSaved,
}: {
  open: boolean
  person: Person
  unit: Unit
  onClose: () => void
  onSaved: () => void
}) {
  const { t } = useTranslation('org')
  const [form] = Form.useForm<Values>()
  const update = useUpdatePerson(person.id)
  const departments = useChildUnits(open ? unit.id : null)
  const colleagues = useUnitPeople(open ? unit.id : undefined)
  const category = Form.useWatch('category', form)
  const error = fieldHelp(update.error)
  useOnOpen(open, () => {
    update.reset()
    form.setFieldsValue({
      full_name: person.full_name,
      external_id: person.external_id ?? '',
      email: person.email ?? '',
      category: person.position.category,
      title: person.position.title,
      form_code: person.position.form_code,
      office: person.position.office ?? null,
      in_charge_of_unit_ids: person.in_charge_of_unit_ids,
      in_charge_of_person_ids: person.in_charge_of_person_ids,
      active: person.active,
    })
  })
  const save = (v: Values) => {
    const post = {
      category: v.category,
      title: v.title.trim(),
      form_code: v.form_code,
      office: v.office ?? null,
    }
    const postChanged =
      post.category !== person.position.category ||
      post.title !== person.position.title ||
      post.form_code !== person.position.form_code ||
      post.office !== (person.position.office ?? null)
    const deputy = v.category === 'deputy'
    const units = deputy ? (v.in_charge_of_unit_ids ?? []) : []
    const people = deputy ? (v.in_charge_of_person_ids ?? []) : []
    // Fields are sent only when they change: the server refuses anyone touching their own.
    const fieldsChanged =
      !sameSet(units, person.in_charge_of_unit_ids) || !sameSet(people, person.in_charge_of_person_ids)
    update.mutate(
      {
        full_name: v.full_name.trim(),
        external_id: v.external_id?.trim() || null,
        email: v.email?.trim() || null,
        // Only a changed post makes a new line in the history.
        ...(postChanged ? { position: post } : {}),
        ...(fieldsChanged ? { in_charge_of_unit_ids: units, in_charge_of_person_ids: people } : {}),
        active: v.active,
      },
      { onSuccess: onSaved },
    )
  }

  return (
    <FormModal
      open={open}
      title={t('editPersonTitle', { name: person.full_name })}
      pending={update.isPending}
      error={update.error}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form<Values> form={form} layout="vertical" onFinish={save}>
        <PersonDetailsFields error={error} />
        <PostFields error={error} titleHelp={t('postKept')} />
        {category === 'deputy' && (
          <>
            {/* Only a unit with departments has fields to oversee (Điều 10.3). */}
            {(departments.data ?? []).length > 0 && (
              <Form.Item
                name="in_charge_of_unit_ids"
                label={t('inChargeUnits')}
                extra={t('inChargeUnitsHelp')}
                {...error('in_charge_of_unit_ids')}
              >
                <Select
                  mode="multiple"
                  optionFilterProp="label"
                  loading={departments.isLoading}
                  options={(departments.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                />
              </Form.Item>
            )}
            <Form.Item
              name="in_charge_of_person_ids"
              label={t('inChargePeople')}
              extra={t('inChargePeopleHelp')}
              {...error('in_charge_of_person_ids')}
            >
              <Select
                mode="multiple"
                optionFilterProp="label"
                loading={colleagues.isLoading}
                options={(colleagues.data ?? [])
                  .filter((p) => p.id !== person.id)
                  .map((p) => ({ value: p.id, label: `${p.full_name} (${p.position.title})` }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="active"
          label={t('working')}
          valuePropName="checked"
          extra={t('workingHelp')}
          {...error('active')}
        >
          <Switch />
        </Form.Item>
      </Form>
    </FormModal>
  )
}

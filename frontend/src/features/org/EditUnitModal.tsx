import { Form, Input, Switch } from 'antd'
import { useTranslation } from 'react-i18next'
import { FormModal, fieldHelp, useOnOpen, useRequired } from '../../components/FormModal'
import { UnitPicker } from '../../components/Pickers'
import { useUpdateUnit, type Unit } from './useOrg'

type Values = { name: string; code: string; parent_id?: string; active: boolean }

/**
 * Renames, re-codes, moves (with its sub-units, within its bloc) or deactivates a unit. Units
 * with history are never deleted; the server refuses to deactivate one that still has active
 * people or sub-units, and says so.
 */
export function EditUnitModal({
  open,
  unit,
  onClose,
  onSaved,
}: {
  open: boolean
  unit: Unit
  onClose: () => void
  onSaved: (unit: Unit) => void
}) {
  const { t } = useTranslation('org')
  const [form] = Form.useForm<Values>()
  const update = useUpdateUnit(unit.id)
  const error = fieldHelp(update.error)
  useOnOpen(open, () => {
    update.reset()
    form.setFieldsValue({ name: unit.name, code: unit.code, parent_id: undefined, active: unit.active })
  })
  const required = useRequired('org')

  return (
    <FormModal
      open={open}
      title={t('editUnitTitle', { name: unit.name })}
      pending={update.isPending}
      error={update.error}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          update.mutate(
            {
              ...(v.name.trim() !== unit.name ? { name: v.name.trim() } : {}),
              ...(v.code.trim() !== unit.code ? { code: v.code.trim() } : {}),
              ...(v.parent_id ? { parent_id: v.parent_id } : {}),
              ...(v.active !== unit.active ? { active: v.active } : {}),
            },
            { onSuccess: onSaved },
          )
        }
      >
        <Form.Item name="name" label={t('name')} rules={[required('name')]} {...error('name')}>
          <Input maxLength={255} />
        </Form.Item>
        <Form.Item name="code" label={t('code')} rules={[required('code')]} {...error('code')}>
          <Input maxLength={32} />
        </Form.Item>
        {unit.level !== 'city' && (
          <Form.Item
            name="parent_id"
            label={t('moveUnder')}
            extra={t('moveUnderHelp')}
            {...error('parent_id')}
          >
            <UnitPicker placeholder={t('findUnit')} />
          </Form.Item>
        )}
        <Form.Item
          name="active"
          label={t('unitActive')}
          valuePropName="checked"
          extra={t('unitActiveHelp')}
          {...error('active')}
        >
          <Switch />
        </Form.Item>
      </Form>
    </FormModal>
  )
}

import { Form, Input, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import type { Schemas } from '../../api'
import { FormModal, fieldHelp, useOnOpen } from '../../components/FormModal'
import { useCreateUnit, type Unit } from './useOrg'

/** The levels a unit may have under a parent of each level (DESIGN 2.1). */
const CHILD_LEVELS: Record<Schemas['UnitLevel'], Schemas['UnitLevel'][]> = {
  city: ['agency', 'district'],
  agency: ['department'],
  district: ['commune', 'department'],
  commune: ['department'],
  department: [],
}
const BLOCS: Schemas['Bloc'][] = ['party', 'government', 'elected', 'front']

type Values = { code: string; name: string; level: Schemas['UnitLevel']; bloc: Schemas['Bloc'] }

/** Adds a unit under `parent`; the server checks the code, the bloc and the caller's scope. */
export function NewUnitModal({
  open,
  parent,
  onClose,
  onCreated,
}: {
  open: boolean
  parent: Unit
  onClose: () => void
  onCreated: (unit: Unit) => void
}) {
  const { t } = useTranslation('org')
  const [form] = Form.useForm<Values>()
  const create = useCreateUnit()
  const levels = CHILD_LEVELS[parent.level]
  const error = fieldHelp(create.error)
  useOnOpen(open, () => {
    create.reset()
    form.setFieldsValue({ level: levels[levels.length - 1], bloc: parent.bloc, code: '', name: '' })
  })

  return (
    <FormModal
      open={open}
      title={t('addUnitTitle', { parent: parent.name })}
      pending={create.isPending}
      error={create.error}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => create.mutate({ ...values, parent_id: parent.id }, { onSuccess: onCreated })}
      >
        <Form.Item
          name="name"
          label={t('name')}
          rules={[
            { required: true, whitespace: true, message: t('required', { field: t('name').toLowerCase() }) },
          ]}
          {...error('name')}
        >
          <Input maxLength={255} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('code')}
          rules={[
            { required: true, whitespace: true, message: t('required', { field: t('code').toLowerCase() }) },
          ]}
          {...error('code')}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="level" label={t('level')}>
          <Select options={levels.map((l) => ({ value: l, label: t(`levels.${l}`) }))} />
        </Form.Item>
        <Form.Item name="bloc" label={t('bloc')} {...error('bloc', 'parent_id')}>
          <Select options={BLOCS.map((b) => ({ value: b, label: t(`blocs.${b}`) }))} />
        </Form.Item>
      </Form>
    </FormModal>
  )
}

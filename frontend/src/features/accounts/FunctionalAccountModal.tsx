import { Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { fieldErrors, useMe, type Schemas } from '../../api'
import { ErrorAlert } from '../../components'
import { fieldHelp, useOnOpen, useRequired } from '../../components/FormModal'
import { PersonPicker, UnitPicker } from '../../components/Pickers'
import { DecisionFields } from './DecisionFields'
import { OneTimePassword } from './OneTimePassword'
import { endOfDay, useCreateAccount } from './useAccounts'

type Role = Schemas['RoleName']
const BLOCS: Schemas['Bloc'][] = ['party', 'government', 'elected', 'front']

type Values = {
  username: string
  role: Role
  unit_id?: string
  bloc?: Schemas['Bloc']
  decision_number?: string
  decision_date?: Dayjs | null
  holder_person_id?: string
  valid_until?: Dayjs | null
}

/**
 * A functional account: the one unit admin of a unit, named by a decision (Điều 3.10), an
 * aggregator of a unit, or (for operators) a bloc admin; held by a person who can change.
 */
export function FunctionalAccountModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('accounts')
  const me = useMe()
  const [form] = Form.useForm<Values>()
  const create = useCreateAccount()
  const error = fieldHelp(create.error)
  const role = Form.useWatch('role', form)
  // The roles the caller may grant (Điều 7.4): unit admins name aggregators only.
  // The elected bodies' office issues user accounts only (Điều 7.4).
  const mine = me.data?.account.roles ?? []
  const roles: Role[] = mine.some((r) => r.role === 'operator')
    ? ['unit_admin', 'aggregator', 'bloc_admin']
    : mine.some((r) => r.role === 'bloc_admin' && r.bloc !== 'elected')
      ? ['unit_admin', 'aggregator']
      : ['aggregator']
  useOnOpen(open, () => {
    create.reset()
    form.resetFields()
  })
  const required = useRequired('accounts')
  const done = create.data
  const failure = create.error

  return (
    <Modal
      open={open}
      title={t('functionalTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        done ? (
          <Button type="primary" onClick={onClose}>
            {t('close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('cancel')}</Button>
            <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
              {t('create')}
            </Button>
          </Space>
        )
      }
    >
      {done ? (
        <OneTimePassword username={done.account.username} password={done.one_time_password ?? ''} />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ role: roles[0] }}
          onFinish={(v) =>
            create.mutate({
              username: v.username.trim(),
              holder_person_id: v.holder_person_id ?? null,
              valid_until: v.valid_until ? endOfDay(v.valid_until) : null,
              roles: [
                {
                  role: v.role,
                  unit_id: v.role === 'bloc_admin' ? null : (v.unit_id ?? null),
                  bloc: v.role === 'bloc_admin' ? (v.bloc ?? null) : null,
                  decision_number: v.role === 'unit_admin' ? v.decision_number?.trim() || null : null,
                  decision_date:
                    v.role === 'unit_admin' && v.decision_date ? v.decision_date.format('YYYY-MM-DD') : null,
                },
              ],
            })
          }
        >
          <Form.Item
            name="username"
            label={t('username')}
            extra={t('usernameHint')}
            rules={[{ required: true, whitespace: true, min: 3, max: 64, message: t('usernameRule') }]}
            {...error('username')}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="role" label={t('role')} extra={role === 'unit_admin' ? t('oneAdmin') : undefined}>
            <Select options={roles.map((r) => ({ value: r, label: t(`roleNames.${r}`) }))} />
          </Form.Item>
          {role === 'bloc_admin' ? (
            <Form.Item name="bloc" label={t('bloc')} rules={[required('bloc')]} {...error('roles')}>
              <Select options={BLOCS.map((b) => ({ value: b, label: t(`blocs.${b}`) }))} />
            </Form.Item>
          ) : (
            <Form.Item name="unit_id" label={t('unit')} rules={[required('unit')]} {...error('roles')}>
              <UnitPicker placeholder={t('findUnit')} />
            </Form.Item>
          )}
          {role === 'unit_admin' && <DecisionFields />}
          <Form.Item
            name="holder_person_id"
            label={t('holder')}
            extra={t('holderHelp')}
            {...error('holder_person_id')}
          >
            <PersonPicker placeholder={t('findPerson')} />
          </Form.Item>
          <Form.Item name="valid_until" label={t('validUntilOptional')} {...error('valid_until')}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
        </Form>
      )}
      {failure != null && Object.keys(fieldErrors(failure)).length === 0 && <ErrorAlert error={failure} />}
    </Modal>
  )
}

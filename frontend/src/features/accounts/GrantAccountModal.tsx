import { Button, Form, Input, Modal } from 'antd'
import { useTranslation } from 'react-i18next'
import { fieldErrors, type Schemas } from '../../api'
import { ErrorAlert } from '../../components'
import { useOnOpen } from '../../components/FormModal'
import { OneTimePassword } from './OneTimePassword'
import { useCreateAccount } from './useAccounts'
import { suggestUsername } from './username'

/** Grants a personal account to a person; the one-time password is shown once. */
export function GrantAccountModal({
  open,
  person,
  onClose,
}: {
  open: boolean
  person: Schemas['PersonView']
  onClose: () => void
}) {
  const { t } = useTranslation('accounts')
  const [form] = Form.useForm<{ username: string }>()
  const create = useCreateAccount()
  const errors = fieldErrors(create.error)
  useOnOpen(open, () => {
    create.reset()
    form.setFieldsValue({ username: suggestUsername(person.full_name) })
  })
  const done = create.data

  return (
    <Modal
      open={open}
      title={t('grantTitle', { name: person.full_name })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        done ? (
          <Button type="primary" onClick={onClose}>
            {t('close')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>{t('cancel')}</Button>
            <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
              {t('grant')}
            </Button>
          </>
        )
      }
    >
      {done ? (
        <OneTimePassword username={done.account.username} password={done.one_time_password ?? ''} />
      ) : (
        <>
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => create.mutate({ username: v.username.trim(), person_id: person.id })}
          >
            <Form.Item
              name="username"
              label={t('username')}
              extra={t('usernameHint')}
              rules={[{ required: true, whitespace: true, min: 3, max: 64, message: t('usernameRule') }]}
              validateStatus={errors.username ? 'error' : undefined}
              help={errors.username}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Form>
          {create.isError && !errors.username && <ErrorAlert error={create.error} />}
        </>
      )}
    </Modal>
  )
}

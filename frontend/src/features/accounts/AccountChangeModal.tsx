import { DatePicker, Form } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { FormModal, fieldHelp, useOnOpen, useRequired } from '../../components/FormModal'
import { PersonPicker } from '../../components/Pickers'
import { DecisionFields } from './DecisionFields'
import { endOfDay, usePatchAccount, type Account } from './useAccounts'

type Values = {
  valid_until?: Dayjs | null
  holder_person_id?: string
  decision_number?: string
  decision_date?: Dayjs | null
}

/**
 * Extends ("gia hạn") an account's validity, or hands a functional account to another person; a
 * unit admin account changes hands only by decision (Điều 7.5).
 */
export function AccountChangeModal({
  account,
  change,
  onClose,
  onDone,
}: {
  account?: Account
  change: 'extend' | 'handover'
  onClose: () => void
  onDone: () => void
}) {
  const { t } = useTranslation('accounts')
  const [form] = Form.useForm<Values>()
  const patch = usePatchAccount()
  const error = fieldHelp(patch.error)
  const open = !!account
  const unitAdmin = account?.roles.some((r) => r.role === 'unit_admin') ?? false
  useOnOpen(open, () => {
    patch.reset()
    form.resetFields()
    if (account?.valid_until) form.setFieldsValue({ valid_until: dayjs(account.valid_until) })
  })
  const required = useRequired('accounts')

  return (
    <FormModal
      open={open}
      title={
        account
          ? t(change === 'extend' ? 'extendTitle' : 'handoverTitle', { username: account.username })
          : ''
      }
      pending={patch.isPending}
      error={patch.error}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          account &&
          patch.mutate(
            {
              id: account.id,
              patch:
                change === 'extend'
                  ? { valid_until: v.valid_until ? endOfDay(v.valid_until) : null }
                  : {
                      holder_person_id: v.holder_person_id,
                      decision_number: v.decision_number?.trim() || null,
                      decision_date: v.decision_date ? v.decision_date.format('YYYY-MM-DD') : null,
                    },
            },
            { onSuccess: onDone },
          )
        }
      >
        {change === 'extend' ? (
          <Form.Item
            name="valid_until"
            label={t('validUntil')}
            extra={t('extendHelp')}
            rules={[required('validUntil')]}
            {...error('valid_until')}
          >
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="holder_person_id"
              label={t('newHolder')}
              rules={[required('newHolder')]}
              {...error('holder_person_id')}
            >
              <PersonPicker placeholder={t('findPerson')} />
            </Form.Item>
            {unitAdmin && <DecisionFields error={error} />}
          </>
        )}
      </Form>
    </FormModal>
  )
}

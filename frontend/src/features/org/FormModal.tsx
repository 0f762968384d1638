import { Modal } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { fieldErrors } from '../../api'
import { ErrorAlert } from '../../components'

/**
 * A dialog holding one form: Save submits it, Cancel closes it; the server's field errors are
 * shown by the fields (see `fieldHelp`), any other error below the form.
 */
export function FormModal({
  open,
  title,
  pending,
  error,
  onCancel,
  onOk,
  children,
}: {
  open: boolean
  title: string
  pending: boolean
  error: unknown
  onCancel: () => void
  onOk: () => void
  children: ReactNode
}) {
  const { t } = useTranslation('org')
  const byField = Object.keys(fieldErrors(error)).length > 0
  return (
    <Modal
      open={open}
      title={title}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={pending}
      onCancel={onCancel}
      onOk={onOk}
      destroyOnHidden
    >
      {children}
      {error != null && !byField && <ErrorAlert error={error} />}
    </Modal>
  )
}

/** `Form.Item` props showing the server's error of `field`, if it has one. */
export function fieldHelp(error: unknown) {
  const errors = fieldErrors(error)
  return (...fields: string[]) => {
    const message = fields.map((f) => errors[f]).find(Boolean)
    return message ? { validateStatus: 'error' as const, help: message } : {}
  }
}

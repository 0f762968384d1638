import { Modal, type FormRule } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { fieldErrors, useMe } from '../api'
import { ErrorAlert } from './ErrorAlert'
import { hanoiDate, rulesNow } from './periods'

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
  width,
}: {
  open: boolean
  title: string
  pending: boolean
  error: unknown
  onCancel: () => void
  onOk: () => void
  children: ReactNode
  width?: number
}) {
  const { t } = useTranslation()
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
      width={width}
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

/** Runs `start` each time the dialog opens (to reset its form and the last answer). */
export function useOnOpen(open: boolean, start: () => void) {
  useEffect(() => {
    if (open) start()
    // Only the opening matters: `start` is a new function at each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])
}

/** Today as the rules see it (the server's clock, Hanoi), for a date field's default. */
export function useRulesToday(): Dayjs {
  const me = useMe()
  const now = rulesNow(me.data)
  return dayjs(now ? hanoiDate(now) : undefined)
}

/** Nothing entered: no value, blank text or an empty list. */
export function isBlank(value: unknown): boolean {
  if (value == null) return true
  if (typeof value === 'string') return value.trim() === ''
  return Array.isArray(value) && value.length === 0
}

/**
 * The rule of a required field, said in the namespace's words: `required` there reads
 * "Vui lòng nhập {{field}}.", and `field` is the key of the field's label. Blank text counts as
 * empty. A validator rather than antd's `whitespace: true`, which also demands the value be text
 * and so refused every date picked.
 */
export function useRequired(ns: string) {
  const { t } = useTranslation(ns)
  return (field: string): FormRule => {
    const message = t('required', { field: t(field).toLowerCase() })
    return {
      required: true,
      message,
      validator: (_rule, value) => (isBlank(value) ? Promise.reject(new Error(message)) : Promise.resolve()),
    }
  }
}

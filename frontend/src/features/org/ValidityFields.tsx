import { DatePicker, Form, Input } from 'antd'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'

/** What a dated decision's form holds besides its subject: from, until (open), and its basis. */
export type Validity = { valid_from: Dayjs; valid_until?: Dayjs | null; note?: string }

/** The body's dates and note, as the API takes them. */
export function validityBody(v: Validity) {
  return {
    valid_from: v.valid_from.format('YYYY-MM-DD'),
    valid_until: v.valid_until ? v.valid_until.format('YYYY-MM-DD') : null,
    note: v.note?.trim() || null,
  }
}

/** The from/until/basis fields of an acting head's delegation or an explicit assignment. */
export function ValidityFields({ error }: { error: (field: string) => object }) {
  const { t } = useTranslation('org')
  return (
    <>
      <Form.Item
        name="valid_from"
        label={t('validFrom')}
        rules={[{ required: true }]}
        {...error('valid_from')}
      >
        <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="valid_until" label={t('validUntil')} {...error('valid_until')}>
        <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="note" label={t('note')} {...error('note')}>
        <Input maxLength={500} />
      </Form.Item>
    </>
  )
}

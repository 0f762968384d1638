// The required-field rule inside real antd forms: a picked date, a chosen value and typed text
// pass; nothing, blank text or an empty list is refused with the field's message.
import { render, waitFor } from '@testing-library/react'
import { DatePicker, Form, Input, Select, type FormInstance } from 'antd'
import dayjs from 'dayjs'
import { describe, expect, it } from 'vitest'
import { isBlank, useRequired } from './FormModal'

type Values = { date?: unknown; text?: string; many?: string[] }

function Probe({ initial, onForm }: { initial: Values; onForm: (f: FormInstance<Values>) => void }) {
  const [form] = Form.useForm<Values>()
  const required = useRequired('accounts')
  onForm(form)
  return (
    <Form form={form} initialValues={initial}>
      <Form.Item name="date" rules={[required('decisionDate')]}>
        <DatePicker format="DD/MM/YYYY" />
      </Form.Item>
      <Form.Item name="text" rules={[required('decisionNumber')]}>
        <Input />
      </Form.Item>
      <Form.Item name="many" rules={[required('roles')]}>
        <Select mode="multiple" options={[{ value: 'a' }, { value: 'b' }]} />
      </Form.Item>
    </Form>
  )
}

async function invalidFields(initial: Values): Promise<string[]> {
  let form: FormInstance<Values> | undefined
  render(<Probe initial={initial} onForm={(f) => (form = f)} />)
  await waitFor(() => expect(form).toBeDefined())
  try {
    await form!.validateFields()
    return []
  } catch (e) {
    return (e as { errorFields: { name: string[] }[] }).errorFields.map((f) => f.name.join('.')).sort()
  }
}

describe('useRequired', () => {
  it('accepts a picked date, typed text and a chosen value', async () => {
    expect(await invalidFields({ date: dayjs('2026-11-20'), text: '30/QĐ-UBND', many: ['a'] })).toEqual([])
  })

  it('refuses nothing, blank text and an empty list', async () => {
    expect(await invalidFields({ date: null, text: '   ', many: [] })).toEqual(['date', 'many', 'text'])
  })

  it('counts blank text, no value and an empty list as blank, and nothing else', () => {
    for (const blank of [undefined, null, '', ' \t', []]) expect(isBlank(blank)).toBe(true)
    for (const filled of ['x', 0, false, ['a'], dayjs('2026-11-20')]) expect(isBlank(filled)).toBe(false)
  })
})

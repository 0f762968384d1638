import { describe, expect, it } from 'vitest'
import { DEFAULT_FEEDBACK_EMAIL, feedbackEmail, feedbackMailto } from './feedback'

describe('feedbackMailto', () => {
  it('encodes the subject and body, leaving out empty fields', () => {
    const url = feedbackMailto(
      'gopy@example.vn',
      { topic: 'Lỗi phần mềm', message: 'Không tải được PDF & XLSX', name: 'Nguyễn Văn A', unit: '' },
      { subject: 'Góp ý', name: 'Họ tên', unit: 'Đơn vị', page: 'Trang' },
    )
    expect(url.startsWith('mailto:gopy@example.vn?subject=')).toBe(true)
    const params = new URLSearchParams(url.split('?')[1])
    expect(params.get('subject')).toBe('Góp ý: Lỗi phần mềm')
    expect(params.get('body')).toBe('Không tải được PDF & XLSX\r\n\r\nHọ tên: Nguyễn Văn A')
  })
  it('falls back to the default address', () => {
    expect(feedbackEmail()).toBe(import.meta.env.VITE_FEEDBACK_EMAIL || DEFAULT_FEEDBACK_EMAIL)
  })
})

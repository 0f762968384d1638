import { describe, expect, it } from 'vitest'
import { suggestUsername } from './username'

describe('suggestUsername', () => {
  it('is the given name and the initials of the family and middle names, without diacritics', () => {
    expect(suggestUsername('Lê Minh Số')).toBe('so.lm')
    expect(suggestUsername('Nguyễn Văn Đức')).toBe('duc.nv')
    expect(suggestUsername('  Trần   Thị Ánh  Dương ')).toBe('duong.tta')
  })
  it('is the name alone for one word, and empty for none', () => {
    expect(suggestUsername('Hùng')).toBe('hung')
    expect(suggestUsername('  ')).toBe('')
  })
})

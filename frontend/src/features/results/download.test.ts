import { describe, expect, it } from 'vitest'
import { safeFileName } from './download'
import { publishingUnitOf } from './useResults'

describe('safeFileName', () => {
  it('keeps Vietnamese letters and drops what file systems refuse', () => {
    expect(safeFileName('Phiếu Nguyễn Văn A: 11/2026')).toBe('Phiếu-Nguyễn-Văn-A-112026')
  })
})

describe('publishingUnitOf', () => {
  const base = { active: true, bloc: 'government' as const, code: 'X', name: 'X' }
  it('is the parent of a department and the unit itself otherwise', () => {
    expect(publishingUnitOf({ ...base, id: 'd', level: 'department', parent_id: 'p' })).toBe('p')
    expect(publishingUnitOf({ ...base, id: 'u', level: 'district', parent_id: 'c' })).toBe('u')
    expect(publishingUnitOf(null)).toBeUndefined()
  })
})

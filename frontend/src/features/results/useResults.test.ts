import { describe, expect, it } from 'vitest'
import { publishingUnitOf } from './useResults'

describe('publishingUnitOf', () => {
  const base = { active: true, bloc: 'government' as const, code: 'X', name: 'X' }
  it('is the parent of a department and the unit itself otherwise', () => {
    expect(publishingUnitOf({ ...base, id: 'd', level: 'department', parent_id: 'p' })).toBe('p')
    expect(publishingUnitOf({ ...base, id: 'u', level: 'district', parent_id: 'c' })).toBe('u')
    expect(publishingUnitOf(null)).toBeUndefined()
  })
})

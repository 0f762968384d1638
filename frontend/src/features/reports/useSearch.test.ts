import { describe, expect, it } from 'vitest'
import { cleanFilter } from './useSearch'

describe('cleanFilter', () => {
  it('drops what was left empty, keeps what was chosen', () => {
    expect(
      cleanFilter({
        q: '',
        unit_id: undefined,
        rank: 'A',
        period_from: '2026-11',
        late: false,
        to_evaluate: true,
      }),
    ).toEqual({ rank: 'A', period_from: '2026-11', to_evaluate: true })
  })
})

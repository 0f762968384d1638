import { describe, expect, it } from 'vitest'
import { groupItems, type PlanItem } from './usePlan'

const item = (id: string, kind: string, week?: number): PlanItem => ({
  id,
  kind,
  week: week ?? null,
  title: id,
  status: 'planned',
  completion_percent: 0,
})

describe('groupItems', () => {
  it('groups by kind and weekly items by week in order', () => {
    const g = groupItems([
      item('m1', 'monthly'),
      item('w3', 'weekly', 3),
      item('a1', 'ad_hoc'),
      item('w1', 'weekly', 1),
      item('w1b', 'weekly', 1),
    ])
    expect(g.byKind.monthly.map((i) => i.id)).toEqual(['m1'])
    expect(g.byKind.ad_hoc.map((i) => i.id)).toEqual(['a1'])
    expect(g.weeks.map(([w, items]) => [w, items.map((i) => i.id)])).toEqual([
      [1, ['w1', 'w1b']],
      [3, ['w3']],
    ])
  })
})

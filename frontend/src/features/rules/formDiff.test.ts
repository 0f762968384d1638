import { describe, expect, it } from 'vitest'
import { compareForms, type CriterionLine } from './formDiff'

const c = (id: string, label: string, max_points: number, kind = 'score'): CriterionLine => ({
  id,
  label,
  kind,
  max_points,
})

describe('compareForms', () => {
  it('names what was added, removed and changed, in the order of the forms', () => {
    const v1 = [c('I', 'Nhóm I', 20), c('I.1', 'Kỷ luật', 10), c('I.2', 'Ứng xử', 10), c('II', 'Nhóm II', 80)]
    const v2 = [
      c('I', 'Nhóm I', 20),
      c('I.1', 'Kỷ luật, kỷ cương', 10),
      c('II', 'Nhóm II', 70),
      c('III', 'Thưởng', 10, 'bonus'),
    ]
    expect(compareForms(v1, v2).map((l) => [l.id, l.change])).toEqual([
      ['I', 'same'],
      ['I.1', 'changed'],
      ['I.2', 'removed'],
      ['II', 'changed'],
      ['III', 'added'],
    ])
  })

  it('finds nothing between a version and itself, and treats "10" and 10 alike', () => {
    const v = [c('I', 'Nhóm I', 20)]
    expect(compareForms(v, [{ ...v[0], max_points: '20' as unknown as number }])).toEqual([
      { id: 'I', change: 'same', before: v[0], after: { ...v[0], max_points: '20' } },
    ])
  })

  it('puts a removed first criterion first', () => {
    expect(compareForms([c('A', 'a', 1), c('B', 'b', 1)], [c('B', 'b', 1)]).map((l) => l.id)).toEqual([
      'A',
      'B',
    ])
  })
})

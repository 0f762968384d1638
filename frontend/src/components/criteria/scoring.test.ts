// Cases taken from the Rust tests of domain/src/score.rs, scoring.rs and rank.rs.
import { describe, expect, it } from 'vitest'
import {
  allowedRanks,
  checkPoints,
  leavesOf,
  parsePoints,
  rankOf,
  scoresBody,
  totalTenths,
  type Criterion,
} from './scoring'

// The shape of the 8th default form (scoring.rs `form()`): I (I.1, I.2), II (II.1, II.2 band), III bonus.
const form: Criterion[] = [
  { id: 'I', label: 'I', kind: 'score', max_points: 20 },
  { id: 'I.1', parent_id: 'I', label: 'I.1', kind: 'score', max_points: 10 },
  { id: 'I.2', parent_id: 'I', label: 'I.2', kind: 'score', max_points: 10 },
  { id: 'II', label: 'II', kind: 'score', max_points: 70 },
  { id: 'II.1', parent_id: 'II', label: 'II.1', kind: 'score', max_points: 20 },
  { id: 'II.2', parent_id: 'II', label: 'II.2', kind: 'completion_band', max_points: 50 },
  { id: 'III', label: 'III', kind: 'bonus', max_points: 10 },
]

function total(criteria: Criterion[], texts: Record<string, string>) {
  const leaves = leavesOf(criteria)
  return totalTenths(leaves, (id) => checkPoints(texts[id] ?? '', 100).tenths)
}

describe('points (score.rs)', () => {
  it('accepts one decimal', () => {
    expect(parsePoints('89.5')).toEqual({ tenths: 895 })
    expect(parsePoints('45.0')).toEqual({ tenths: 450 })
    expect(parsePoints('45.00')).toEqual({ tenths: 450 })
    expect(parsePoints('-0')).toEqual({ tenths: 0 })
    expect(parsePoints('8,5')).toEqual({ tenths: 85 })
    expect(parsePoints('')).toEqual({ tenths: null })
  })
  it('rejects bad values', () => {
    expect(parsePoints('89.55').error).toBe('too_many_decimals')
    expect(parsePoints('-1').error).toBe('negative')
    expect(parsePoints('x').error).toBe('not_a_number')
    expect(parsePoints('.').error).toBe('not_a_number')
    expect(checkPoints('20.1', 20).error).toBe('over_max')
    expect(checkPoints('20', 20)).toEqual({ tenths: 200 })
  })
})

describe('totals (scoring.rs)', () => {
  it('totals a full sheet: 90', () => {
    const t = total(form, { 'I.1': '10', 'I.2': '9.5', 'II.1': '18', 'II.2': '47.5', III: '5' })
    expect(t).toBe(900)
    expect(rankOf(t)).toBe('A')
  })
  it('only leaves are scored', () => {
    expect(leavesOf(form).map((c) => c.id)).toEqual(['I.1', 'I.2', 'II.1', 'II.2', 'III'])
  })
  it('deductions subtract and the total clamps at zero', () => {
    const f = [...form, { id: 'D.1', label: 'D.1', kind: 'deduction', max_points: 30 }]
    expect(total(f, { 'I.1': '10', 'D.1': '5' })).toBe(50)
    expect(total(f, { 'I.1': '10', 'D.1': '30' })).toBe(0)
  })
  it('clamps at 100', () => {
    const f: Criterion[] = [
      { id: 'a', label: 'a', kind: 'score', max_points: 100 },
      { id: 'b', label: 'b', kind: 'bonus', max_points: 10 },
    ]
    expect(total(f, { a: '100', b: '5.5' })).toBe(1000)
  })
  it('sends only acceptable values', () => {
    expect(scoresBody(leavesOf(form), { 'I.1': '10', 'I.2': '11', 'II.1': '8,5', III: '' })).toEqual([
      { criterion_id: 'I.1', points: 10 },
      { criterion_id: 'II.1', points: 8.5 },
    ])
  })
})

describe('ranks (rank.rs)', () => {
  it('boundaries', () => {
    const r = (s: string) => rankOf(parsePoints(s).tenths ?? -1)
    expect(r('100')).toBe('A')
    expect(r('90.0')).toBe('A')
    expect(r('89.9')).toBe('B')
    expect(r('89.5')).toBe('B')
    expect(r('70')).toBe('B')
    expect(r('69.9')).toBe('C')
    expect(r('50')).toBe('C')
    expect(r('49.9')).toBe('D')
    expect(r('0')).toBe('D')
  })
  it('chosen ranks never beat the points', () => {
    expect(allowedRanks('A', false)).toEqual(['A', 'B', 'C', 'D'])
    expect(allowedRanks('B', false)).toEqual(['B', 'C', 'D'])
    expect(allowedRanks('A', true)).toEqual(['D'])
  })
})

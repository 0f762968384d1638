// The scoring rules of the domain (domain/src/score.rs, scoring.rs, rank.rs) for the live total
// while typing. Points are exact decimals with at most one digit after the point: they are kept
// here as whole tenths (integers), never as floats, so 89.5 stays 89.5 and 90 is A.

export type CriterionKind = 'score' | 'completion_band' | 'bonus' | 'deduction'

export type Criterion = {
  id: string
  parent_id?: string | null
  label: string
  kind: string
  max_points: number
}

export type Rank = 'A' | 'B' | 'C' | 'D'

/** Why a typed value is not acceptable (the API's field codes, `scores.<id>`). */
export type PointsError = 'not_a_number' | 'negative' | 'too_many_decimals' | 'over_max'

/** Lower bounds of the ranks in tenths (Điều 13.1: A from 90, B from 70, C from 50). */
export const RANK_BANDS = { A: 900, B: 700, C: 500 } as const

/** The most a form totals (Điều 13.1), in tenths. */
export const HUNDRED = 1000

/** Tenths of a number of points as the API sends it (at most one decimal). */
export function toTenths(points: number): number {
  return Math.round(points * 10)
}

/** Points from tenths, as a JSON number (e.g. 895 → 89.5). */
export function fromTenths(tenths: number): number {
  return tenths / 10
}

/**
 * Parses typed text such as `8`, `8.5` or `8,5` (the Vietnamese decimal comma) into tenths,
 * like `Points::parse`: trailing zeros are fine (`45.00`), a second significant decimal is not.
 * Empty text is `null` (not scored yet, counts as 0 like a missing score).
 */
export function parsePoints(text: string): { tenths: number | null; error?: PointsError } {
  const t = text.trim().replace(',', '.')
  if (t === '') return { tenths: null }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(t)
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { tenths: null, error: 'not_a_number' }
  const decimals = (m[3] ?? '').replace(/0+$/, '')
  if (decimals.length > 1) return { tenths: null, error: 'too_many_decimals' }
  const whole = m[2] === '' ? 0 : Number(m[2])
  const tenths = whole * 10 + (decimals === '' ? 0 : Number(decimals))
  if (m[1] === '-' && tenths !== 0) return { tenths: null, error: 'negative' }
  return { tenths }
}

/** Checks typed text against a criterion's maximum (`over_max`), after `parsePoints`. */
export function checkPoints(text: string, maxPoints: number): { tenths: number | null; error?: PointsError } {
  const parsed = parsePoints(text)
  if (parsed.error || parsed.tenths === null) return parsed
  if (parsed.tenths > toTenths(maxPoints)) return { tenths: null, error: 'over_max' }
  return parsed
}

/** Leaves are scored; a criterion with children is a group heading. */
export function leavesOf(criteria: readonly Criterion[]): Criterion[] {
  const parents = new Set(criteria.map((c) => c.parent_id).filter((p): p is string => !!p))
  return criteria.filter((c) => !parents.has(c.id))
}

/**
 * The column's total in tenths like `score_sheet`: scored points (score, completion band and
 * bonus) minus deductions, clamped to [0, 100]. Values that are not acceptable count as 0 here
 * (the server refuses them; their error shows beside the field).
 */
export function totalTenths(
  leaves: readonly Criterion[],
  valueOf: (id: string) => number | null | undefined,
): number {
  let sum = 0
  for (const c of leaves) {
    const v = valueOf(c.id)
    if (v === null || v === undefined) continue
    sum += c.kind === 'deduction' ? -v : v
  }
  return Math.max(0, Math.min(HUNDRED, sum))
}

/** The rank by points alone (`RankBands::rank_of`): A [90, 100], B [70, 90), C [50, 70), D below. */
export function rankOf(totalInTenths: number): Rank {
  if (totalInTenths >= RANK_BANDS.A) return 'A'
  if (totalInTenths >= RANK_BANDS.B) return 'B'
  if (totalInTenths >= RANK_BANDS.C) return 'C'
  return 'D'
}

const ORDER: Rank[] = ['A', 'B', 'C', 'D']

/** Ranks a person may be given by hand (`check_chosen_rank`): the points' rank or lower; only D under a knock-out. */
export function allowedRanks(byPoints: Rank, knockedOut: boolean): Rank[] {
  if (knockedOut) return ['D']
  return ORDER.slice(ORDER.indexOf(byPoints))
}

/** Text of a number of points for an input (`89.5`, `90`), empty for none. */
export function pointsText(points: number | null | undefined): string {
  if (points === null || points === undefined) return ''
  return String(fromTenths(toTenths(points)))
}

/** Typed texts of a column (by criterion id) as the API's `scores` body, valid values only. */
export function scoresBody(
  leaves: readonly Criterion[],
  texts: Readonly<Record<string, string>>,
): { criterion_id: string; points: number }[] {
  const out: { criterion_id: string; points: number }[] = []
  for (const c of leaves) {
    const text = texts[c.id]
    if (text === undefined || text.trim() === '') continue
    // A value that is not acceptable stays on screen with its error and is not sent, so the
    // rest of the column is still saved.
    const { tenths, error } = checkPoints(text, c.max_points)
    if (error === undefined && tenths !== null) out.push({ criterion_id: c.id, points: fromTenths(tenths) })
  }
  return out
}

/** A 422's field errors by criterion id (the API names them `scores.<id>`), others as they are. */
export function scoreErrors(error: { problem: { errors?: { field: string; message: string }[] | null } }) {
  const out: Record<string, string> = {}
  for (const e of error.problem.errors ?? []) out[e.field.replace(/^scores\./, '')] = e.message
  return out
}

// Months ("kỳ", `YYYY-MM`) as the server tells them: the default month and "now" come from
// GET /me (`current_period`, `rules_now`), never from the browser's clock.
import type { Me } from '../api'

/** The month to show by default: the server's `current_period`. */
export function currentPeriod(me: Me | undefined): string | undefined {
  return me?.current_period || undefined
}

/** The rules' "now" (an instant at +07:00). */
export function rulesNow(me: Me | undefined): string | undefined {
  return me?.rules_now || undefined
}

export function isPeriod(value: string | undefined): value is string {
  return !!value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)
}

/** The month `n` months after `period` (negative: before). */
export function shiftPeriod(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number)
  const index = y * 12 + (m - 1) + n
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  return `${year}-${String(month).padStart(2, '0')}`
}

/** "11/2026" as people write a month. */
export function periodLabel(period: string): string {
  const [y, m] = period.split('-')
  return `${m}/${y}`
}

/** The Hanoi calendar date (YYYY-MM-DD) of an instant written with an offset. */
export function hanoiDate(instant: string): string {
  const t = new Date(instant).getTime() + 7 * 3600 * 1000
  return new Date(t).toISOString().slice(0, 10)
}

/** The Hanoi date and time, "21/11/2026 09:00". */
export function hanoiDateTime(instant: string): string {
  const iso = new Date(new Date(instant).getTime() + 7 * 3600 * 1000).toISOString()
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`
}

/**
 * The last day of a window that closes at `closes` (exclusive, a Hanoi midnight): a close at
 * 25 November 00:00 means "until 24 November". Written DD/MM/YYYY.
 */
export function lastDayBefore(closes: string): string {
  const t = new Date(closes).getTime() + 7 * 3600 * 1000 - 1
  const iso = new Date(t).toISOString()
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
}

/** DD/MM/YYYY of the Hanoi date of an instant (or of a date written YYYY-MM-DD). */
export function dayLabel(instant: string): string {
  const d = hanoiDate(instant)
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`
}

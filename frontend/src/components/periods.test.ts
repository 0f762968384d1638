import { describe, expect, it } from 'vitest'
import { dayLabel, hanoiDateTime, isPeriod, lastDayBefore, periodLabel, shiftPeriod } from './periods'

describe('periods', () => {
  it('moves across years', () => {
    expect(shiftPeriod('2026-12', 1)).toBe('2027-01')
    expect(shiftPeriod('2026-01', -1)).toBe('2025-12')
    expect(shiftPeriod('2026-11', 0)).toBe('2026-11')
  })
  it('checks and writes months', () => {
    expect(isPeriod('2026-11')).toBe(true)
    expect(isPeriod('2026-13')).toBe(false)
    expect(isPeriod(undefined)).toBe(false)
    expect(periodLabel('2026-11')).toBe('11/2026')
  })
  it('reads instants in Hanoi time whatever the browser zone', () => {
    // "Before the 25th" closes at 25 November 00:00 +07:00: the last day is the 24th.
    expect(lastDayBefore('2026-11-25T00:00:00+07:00')).toBe('24/11/2026')
    expect(lastDayBefore('2026-11-24T17:00:00Z')).toBe('24/11/2026')
    expect(dayLabel('2026-11-20T00:00:00+07:00')).toBe('20/11/2026')
    // A calendar date (a delegation's first day) is that day.
    expect(dayLabel('2026-11-21')).toBe('21/11/2026')
    expect(hanoiDateTime('2026-11-21T02:00:00Z')).toBe('21/11/2026 09:00')
  })
})

import { describe, expect, it } from 'vitest'
import { monthGrid, monthSteps, publicationOpen } from './calendar'
import { countStates, waitingCount } from './useHome'

const november = {
  period: '2026-11',
  plan_due: '2026-11-06T00:00:00+07:00',
  self_opens: '2026-11-20T00:00:00+07:00',
  self_closes: '2026-11-25T00:00:00+07:00',
  decision_closes: '2026-11-28T00:00:00+07:00',
  publication_closes: '2026-12-05T00:00:00+07:00',
}

describe('monthSteps', () => {
  it('places the rules clock of 21 November in the windows', () => {
    const steps = monthSteps(november, '2026-11-21T09:00:00+07:00')
    expect(steps.map((s) => [s.key, s.status])).toEqual([
      ['plan', 'closed'],
      ['self', 'open'],
      ['decision', 'open'],
      ['publication', 'open'],
    ])
  })
  it('closes a window at its closing instant (exclusive)', () => {
    const steps = monthSteps(november, '2026-11-25T00:00:00+07:00')
    expect(steps.find((s) => s.key === 'self')?.status).toBe('closed')
    expect(steps.find((s) => s.key === 'decision')?.status).toBe('open')
  })
  it('has nothing open before the self-assessment', () => {
    const steps = monthSteps(november, '2026-11-03T10:00:00+07:00')
    expect(steps.map((s) => s.status)).toEqual(['open', 'upcoming', 'upcoming', 'upcoming'])
  })
})

describe('publicationOpen', () => {
  it('is open until the 5th of the next month', () => {
    expect(publicationOpen(november, '2026-12-04T23:59:00+07:00')).toBe(true)
    expect(publicationOpen(november, '2026-12-05T00:00:00+07:00')).toBe(false)
  })
})

describe('counts', () => {
  it('counts states and what still waits', () => {
    const states = ['draft', 'decided', 'self_submitted', 'draft', 'published']
    expect(countStates(states)).toEqual({
      total: 5,
      byState: { draft: 2, decided: 1, self_submitted: 1, published: 1 },
    })
    expect(waitingCount(states)).toBe(3)
  })
})

describe('monthGrid', () => {
  const view = {
    period: '2026-11',
    plan_due: '2026-11-06T00:00:00+07:00',
    self_opens: '2026-11-20T00:00:00+07:00',
    self_closes: '2026-11-25T00:00:00+07:00',
    decision_closes: '2026-11-28T00:00:00+07:00',
    publication_closes: '2026-12-05T00:00:00+07:00',
  }
  const weeks = monthGrid(
    '2026-11',
    monthSteps(view, '2026-11-21T09:00:00+07:00'),
    '2026-11-21T09:00:00+07:00',
  )
  const days = weeks.flat().filter((d) => d !== null)

  it('starts on Monday: 1 November 2026 is a Sunday, in the seventh column', () => {
    expect(weeks[0].slice(0, 6)).toEqual([null, null, null, null, null, null])
    expect(weeks[0][6]?.day).toBe(1)
    expect(days).toHaveLength(30)
    expect(weeks.every((w) => w.length === 7)).toBe(true)
  })

  it('marks the last day of each step in the month, the self-assessment days and today', () => {
    const deadline = (k: string) => days.filter((d) => d.deadline === k).map((d) => d.day)
    expect(deadline('plan')).toEqual([5])
    expect(deadline('self')).toEqual([24])
    expect(deadline('decision')).toEqual([27])
    expect(deadline('publication')).toEqual([]) // 4 December: not in November's grid
    expect(days.filter((d) => d.inSelf).map((d) => d.day)).toEqual([20, 21, 22, 23, 24])
    expect(days.filter((d) => d.today).map((d) => d.day)).toEqual([21])
  })
})

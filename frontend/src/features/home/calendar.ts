// The month's steps (Điều 12) from GET /periods/{period}, and where "now" stands in each.
import type { Schemas } from '../../api'

export type StepKey = 'plan' | 'self' | 'decision' | 'publication'
export type StepStatus = 'upcoming' | 'open' | 'closed'
export type Step = { key: StepKey; opens: string | null; closes: string; status: StepStatus }

/** Each step is open from its opening (inclusive) to its closing (exclusive). */
export function monthSteps(view: Schemas['PeriodView'], now: string | undefined): Step[] {
  const at = now ? new Date(now).getTime() : undefined
  const status = (opens: string | null, closes: string): StepStatus => {
    if (at === undefined) return 'upcoming'
    if (opens && at < new Date(opens).getTime()) return 'upcoming'
    return at < new Date(closes).getTime() ? 'open' : 'closed'
  }
  const make = (key: StepKey, opens: string | null, closes: string): Step => ({
    key,
    opens,
    closes,
    status: status(opens, closes),
  })
  return [
    make('plan', null, view.plan_due),
    make('self', view.self_opens, view.self_closes),
    make('decision', view.self_opens, view.decision_closes),
    make('publication', view.self_opens, view.publication_closes),
  ]
}

/** True while the month's results may still be published (its publication has not closed). */
export function publicationOpen(view: Schemas['PeriodView'] | undefined, now: string | undefined) {
  if (!view || !now) return false
  return new Date(now).getTime() < new Date(view.publication_closes).getTime()
}

/** A day of the month grid: its date, and the step whose deadline it is (the last day). */
export type GridDay = { day: number; date: string; deadline: StepKey | null; today: boolean; inSelf: boolean }

function hanoiDay(instant: string): string {
  return new Date(new Date(instant).getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10)
}

/** The last Hanoi day of a window that closes at `closes` (a Hanoi midnight, exclusive). */
function lastDay(closes: string): string {
  return new Date(new Date(closes).getTime() + 7 * 3600 * 1000 - 1).toISOString().slice(0, 10)
}

/**
 * The month as weeks (Monday first, as Vietnamese calendars are), each day marked with the
 * deadline that falls on it, whether it is in the self-assessment window, and today. Days of
 * other months are `null`. Deadlines after the month (publication) are not in its grid.
 */
export function monthGrid(period: string, steps: Step[], now: string | undefined): (GridDay | null)[][] {
  const [year, month] = period.split('-').map(Number)
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const firstWeekday = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7
  const today = now ? hanoiDay(now) : ''
  const deadlines = new Map(steps.map((s) => [lastDay(s.closes), s.key]))
  const self = steps.find((s) => s.key === 'self')
  const selfFrom = self?.opens ? hanoiDay(self.opens) : ''
  const selfTo = self ? lastDay(self.closes) : ''
  const cells: (GridDay | null)[] = Array.from({ length: firstWeekday }, () => null)
  for (let day = 1; day <= days; day++) {
    const date = `${period}-${String(day).padStart(2, '0')}`
    cells.push({
      day,
      date,
      deadline: deadlines.get(date) ?? null,
      today: date === today,
      inSelf: !!selfFrom && date >= selfFrom && date <= selfTo,
    })
  }
  while (cells.length % 7) cells.push(null)
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7))
}

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

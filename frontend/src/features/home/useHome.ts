import { useQuery } from '@tanstack/react-query'
import { api, ApiError, unwrap } from '../../api'

/** A 403 or 404 is "not for me": the section is left out quietly. */
function quiet<T>(promise: Promise<T>): Promise<T | null> {
  return promise.catch((e: unknown) => {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null
    throw e
  })
}

/**
 * My evaluation of the month. The current month is read with `GET /evaluations/mine` (which
 * opens a draft on first read); an earlier month only from the list, so that nothing is created.
 */
export function useMyEvaluation(
  period: string | undefined,
  person: { id: string; unit_id: string },
  current: boolean,
) {
  return useQuery({
    queryKey: ['evaluation', 'mine', period],
    enabled: !!period,
    queryFn: async () =>
      quiet(
        (async () => {
          if (current) {
            return unwrap(
              await api.GET('/api/v1/evaluations/mine', { params: { query: { period: period! } } }),
            )
          }
          const list = unwrap(
            await api.GET('/api/v1/evaluations', {
              params: { query: { period: period!, unit_id: person.unit_id, limit: 500 } },
            }),
          )
          return list.items.find((i) => i.person.id === person.id) ?? null
        })(),
      ),
  })
}

/** The evaluations I review or decide this month. */
export function useToEvaluate(period: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['evaluations', 'to_evaluate', period],
    enabled: enabled && !!period,
    queryFn: async () =>
      quiet(
        (async () =>
          unwrap(
            await api.GET('/api/v1/evaluations', {
              params: { query: { period: period!, to_evaluate: true, limit: 500 } },
            }),
          ))(),
      ),
  })
}

/** A unit (to know whether it is a department and which unit publishes for it). */
export function useUnit(unitId: string | undefined) {
  return useQuery({
    queryKey: ['unit', unitId],
    enabled: !!unitId,
    queryFn: async () =>
      quiet(
        (async () => unwrap(await api.GET('/api/v1/units/{id}', { params: { path: { id: unitId! } } })))(),
      ),
  })
}

export type StateCounts = { total: number; byState: Record<string, number>; published: boolean | null }

/**
 * Progress of my unit's month: the publishing unit's summary when I may read it, else the
 * evaluations of my unit I can see. `null` when neither is allowed.
 */
export function useUnitProgress(
  period: string | undefined,
  publishingUnitId: string | undefined,
  myUnitId: string | undefined,
  myPersonId: string | undefined,
) {
  return useQuery({
    queryKey: ['unit', publishingUnitId, 'progress', period, myUnitId],
    enabled: !!period && !!publishingUnitId && !!myUnitId,
    queryFn: async (): Promise<StateCounts | null> => {
      const summary = await quiet(
        (async () =>
          unwrap(
            await api.GET('/api/v1/units/{id}/summary', {
              params: { path: { id: publishingUnitId! }, query: { period: period! } },
            }),
          ))(),
      )
      if (summary) {
        const states = summary.groups.flatMap((g) => g.members.map((m) => m.state))
        return { ...countStates(states), published: summary.published }
      }
      const list = await quiet(
        (async () =>
          unwrap(
            await api.GET('/api/v1/evaluations', {
              params: { query: { period: period!, unit_id: myUnitId!, limit: 500 } },
            }),
          ))(),
      )
      // Only my own form: that is not my unit's progress.
      if (!list || list.items.every((i) => i.person.id === myPersonId)) return null
      return { ...countStates(list.items.map((i) => i.state)), published: null }
    },
  })
}

export function countStates(states: string[]): { total: number; byState: Record<string, number> } {
  const byState: Record<string, number> = {}
  for (const s of states) byState[s] = (byState[s] ?? 0) + 1
  return { total: states.length, byState }
}

/** Evaluations that still wait for me: not yet decided (or published). */
export function waitingCount(states: string[]): number {
  return states.filter((s) => s !== 'decided' && s !== 'published').length
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, ApiError, unwrap, type Schemas } from '../../api'

/** A 404 (not published, or outside my scope) or 403 is "nothing to show", not an error. */
async function orNull<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load()
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return null
    throw e
  }
}

export function useUnit(unitId: string | undefined) {
  return useQuery({
    queryKey: ['unit', unitId],
    enabled: !!unitId,
    queryFn: () =>
      orNull(async () => unwrap(await api.GET('/api/v1/units/{id}', { params: { path: { id: unitId! } } }))),
  })
}

/** The unit that publishes for a unit: a department's first ancestor that is not a department. */
export function publishingUnitOf(unit: Schemas['UnitView'] | null | undefined): string | undefined {
  if (!unit) return undefined
  return unit.level === 'department' ? (unit.parent_id ?? undefined) : unit.id
}

export const resultsKey = (unitId?: string, period?: string) => ['unit', unitId, 'results', period] as const

async function loadResults(unitId: string, period: string) {
  return orNull(async () =>
    unwrap(
      await api.GET('/api/v1/units/{id}/results', { params: { path: { id: unitId }, query: { period } } }),
    ),
  )
}

export function useResults(unitId: string | undefined, period: string | undefined) {
  return useQuery({
    queryKey: resultsKey(unitId, period),
    enabled: !!unitId && !!period,
    queryFn: () => loadResults(unitId!, period!),
  })
}

/** The latest month with published results among `periods` (in order), or null. */
export function useLatestPublished(unitId: string | undefined, periods: string[], enabled: boolean) {
  return useQuery({
    queryKey: ['unit', unitId, 'latest-results', ...periods],
    enabled: enabled && !!unitId && periods.length > 0,
    queryFn: async () => {
      for (const period of periods) {
        if (await loadResults(unitId!, period)) return period
      }
      return null
    },
  })
}

/** The evaluations I may see in the month (to offer each one's PDF form). */
export function usePublishedEvaluations(unitId: string | undefined, period: string | undefined) {
  return useQuery({
    queryKey: ['evaluations', 'published', unitId, period],
    enabled: !!unitId && !!period,
    queryFn: () =>
      orNull(async () =>
        unwrap(
          await api.GET('/api/v1/evaluations', {
            params: { query: { period: period!, unit_id: unitId!, state: 'published', limit: 500 } },
          }),
        ),
      ),
  })
}

/** The unit summary when I may read it (for the "qualified for A" marks). */
export function useSummary(unitId: string | undefined, period: string | undefined) {
  return useQuery({
    queryKey: ['unit', unitId, 'summary', period],
    enabled: !!unitId && !!period,
    queryFn: () =>
      orNull(async () =>
        unwrap(
          await api.GET('/api/v1/units/{id}/summary', {
            params: { path: { id: unitId! }, query: { period: period! } },
          }),
        ),
      ),
  })
}

const commendationsKey = (unitId?: string, period?: string) =>
  ['unit', unitId, 'commendations', period] as const

export function useCommendations(unitId: string | undefined, period: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: commendationsKey(unitId, period),
    enabled: enabled && !!unitId && !!period,
    queryFn: () =>
      orNull(async () =>
        unwrap(
          await api.GET('/api/v1/units/{id}/commendations', {
            params: { path: { id: unitId! }, query: { period: period! } },
          }),
        ),
      ),
  })
}

export function useSaveCommendations(unitId: string, period: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (items: Schemas['CommendationItem'][]) =>
      unwrap(
        await api.PUT('/api/v1/units/{id}/commendations', {
          params: { path: { id: unitId } },
          body: { period, items },
        }),
      ),
    onSuccess: (list) => queryClient.setQueryData(commendationsKey(unitId, period), list),
  })
}

export function useSendCommendations(unitId: string, period: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/units/{id}/commendations/send', {
          params: { path: { id: unitId } },
          body: { period },
        }),
      ),
    onSuccess: (list) => queryClient.setQueryData(commendationsKey(unitId, period), list),
  })
}

import { useQuery } from '@tanstack/react-query'
import { api, fetchEvaluation, unwrap } from '../../api'
import type { Schemas } from '../../api'

/** Evaluations I review or decide in a month. */
export function useQueue(period: string | undefined, state?: string, unitId?: string) {
  return useQuery({
    queryKey: ['evaluations', 'to-evaluate', period, state ?? null, unitId ?? null],
    enabled: !!period,
    queryFn: async () => {
      const items: Schemas['EvaluationRow'][] = []
      let cursor: string | undefined
      for (let i = 0; i < 20; i++) {
        const page = unwrap(
          await api.GET('/api/v1/evaluations', {
            params: { query: { period, to_evaluate: true, state, unit_id: unitId, limit: 500, cursor } },
          }),
        )
        items.push(...page.items)
        if (!page.next_cursor) break
        cursor = page.next_cursor
      }
      return items
    },
  })
}

/** One evaluation with its ETag. */
export function useEvaluation(id: string | undefined) {
  return useQuery({
    queryKey: ['evaluation', id, 'with-etag'],
    enabled: !!id,
    queryFn: () => fetchEvaluation(id ?? ''),
  })
}

/** A unit's month with its quota meters; `retry: false` so a 404 (not mine to see) shows at once. */
export function useSummary(unitId: string | undefined, period: string | undefined) {
  return useQuery({
    queryKey: ['unit-summary', unitId, period],
    enabled: !!unitId && !!period,
    retry: false,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/units/{id}/summary', {
          params: { path: { id: unitId ?? '' }, query: { period: period ?? '' } },
        }),
      ),
  })
}

export function useUnit(unitId: string | undefined) {
  return useQuery({
    queryKey: ['unit', unitId],
    enabled: !!unitId,
    retry: false,
    staleTime: 10 * 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/units/{id}', { params: { path: { id: unitId ?? '' } } })),
  })
}

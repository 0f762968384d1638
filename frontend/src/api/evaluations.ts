// Reads several features share: an evaluation with its ETag, a criteria form, a month's calendar.
import { useQuery } from '@tanstack/react-query'
import { api } from './client'
import { unwrap } from './problem'
import type { components } from './schema'

export type Evaluation = components['schemas']['EvaluationView']
/** An evaluation with the version to send back in `If-Match`. */
export type Versioned = { evaluation: Evaluation; etag: string }

export function etagOf(response: Response, evaluation: Evaluation): string {
  return response.headers.get('ETag') ?? `"${evaluation.version}"`
}

export async function fetchEvaluation(id: string): Promise<Versioned> {
  const result = await api.GET('/api/v1/evaluations/{id}', { params: { path: { id } } })
  const evaluation = unwrap(result)
  return { evaluation, etag: etagOf(result.response, evaluation) }
}

/** The criteria form of a post (changes rarely: kept 10 minutes). */
export function useCriteriaForm(code: number | undefined) {
  return useQuery({
    queryKey: ['form', code],
    enabled: code !== undefined,
    staleTime: 10 * 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/forms/{code}', { params: { path: { code: code ?? 0 } } })),
  })
}

/** A month's deadlines as they apply to a unit's subtree. */
export function usePeriodCalendar(period: string | undefined, unitId: string | undefined) {
  return useQuery({
    queryKey: ['period', period, unitId],
    enabled: !!period,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/periods/{period}', {
          params: { path: { period: period ?? '' }, query: unitId ? { unit_id: unitId } : {} },
        }),
      ),
  })
}

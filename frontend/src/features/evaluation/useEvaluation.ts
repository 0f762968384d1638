import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../../api'
import type { Schemas } from '../../api'

export type Evaluation = Schemas['EvaluationView']
/** An evaluation with the version to send back in `If-Match`. */
export type Versioned = { evaluation: Evaluation; etag: string }

export function etagOf(response: Response, evaluation: Evaluation): string {
  return response.headers.get('ETag') ?? `"${evaluation.version}"`
}

/** My evaluation of a month (created as a draft on first read). */
export function useMine(period: string | undefined) {
  return useQuery({
    queryKey: ['evaluation', 'mine', period, 'with-etag'],
    enabled: !!period,
    queryFn: async (): Promise<Versioned> => {
      const result = await api.GET('/api/v1/evaluations/mine', {
        params: { query: { period: period ?? '' } },
      })
      const evaluation = unwrap(result)
      return { evaluation, etag: etagOf(result.response, evaluation) }
    },
  })
}

/** The criteria form of a post. */
export function useForm(code: number | undefined) {
  return useQuery({
    queryKey: ['form', code],
    enabled: code !== undefined,
    staleTime: 10 * 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/forms/{code}', { params: { path: { code: code ?? 0 } } })),
  })
}

/** The deadlines of a month for a unit. */
export function usePeriod(period: string | undefined, unitId: string | undefined) {
  return useQuery({
    queryKey: ['period', period, unitId],
    enabled: !!period,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/periods/{period}', {
          params: { path: { period: period ?? '' }, query: { unit_id: unitId } },
        }),
      ),
  })
}

/** My past evaluations (the API lists only my own to me), newest month first. */
export function useMyHistory(personId: string | undefined) {
  return useQuery({
    queryKey: ['evaluations', 'mine-history', personId],
    enabled: !!personId,
    queryFn: async () => {
      const page = unwrap(await api.GET('/api/v1/evaluations', { params: { query: { limit: 100 } } }))
      return page.items
        .filter((e) => e.person.id === personId)
        .sort((a, b) => b.period.localeCompare(a.period))
    },
  })
}

/** The current version of one evaluation (after a conflict). */
export async function fetchEvaluation(id: string): Promise<Versioned> {
  const result = await api.GET('/api/v1/evaluations/{id}', { params: { path: { id } } })
  const evaluation = unwrap(result)
  return { evaluation, etag: etagOf(result.response, evaluation) }
}

import { useQuery } from '@tanstack/react-query'
import { api, etagOf, unwrap, type Versioned } from '../../api'

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

// The search of evaluations with every filter, and its export as a background job.
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query'
import { api, unwrap, type Schemas, type paths } from '../../api'

export type SearchFilter = NonNullable<paths['/api/v1/search/evaluations']['get']['parameters']['query']>
export type Hit = Schemas['EvaluationHit']
export type ExportJob = Schemas['ExportJobView']

/** The filters without empty values (the server refuses an empty `state=`). */
export function cleanFilter(filter: SearchFilter): SearchFilter {
  return Object.fromEntries(
    Object.entries(filter).filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== false),
  ) as SearchFilter
}

/** Evaluations found, 50 at a time; `null` until the search is asked for. */
export function useEvaluationSearch(filter: SearchFilter | null) {
  return useInfiniteQuery({
    queryKey: ['search', 'evaluations', filter],
    enabled: filter !== null,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/search/evaluations', {
          params: { query: { ...filter!, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}

/** Starts the whole search as a CSV or XLSX file written in the background. */
export function useStartExport() {
  return useMutation({
    mutationFn: async ({ filter, format }: { filter: SearchFilter; format: 'csv' | 'xlsx' | 'pdf' }) =>
      unwrap(
        await api.POST('/api/v1/search/evaluations/exports', { params: { query: { ...filter, format } } }),
      ),
  })
}

const FINISHED = ['succeeded', 'failed']

/** An export job, asked again every second until it has finished. */
export function useExportJob(id: string | undefined) {
  return useQuery({
    queryKey: ['exports', id],
    enabled: !!id,
    queryFn: async () => unwrap(await api.GET('/api/v1/exports/{id}', { params: { path: { id: id! } } })),
    refetchInterval: (query) =>
      query.state.data && FINISHED.includes(query.state.data.status) ? false : 1000,
  })
}

export async function downloadExport(id: string) {
  return api.GET('/api/v1/exports/{id}/file', { params: { path: { id } }, parseAs: 'blob' })
}

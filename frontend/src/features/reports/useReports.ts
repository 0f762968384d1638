// Statistics for aggregators and administrators: rank distribution and step completion.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from '../../api'

export type RankStats = Schemas['RankStats']
export type CompletionStats = Schemas['CompletionStats']
export type GroupBy = 'unit' | 'period' | 'category' | 'form' | 'bloc' | 'level'
export type RankFilter = { unitId?: string; groupBy: GroupBy; from?: string; to?: string }

/** The query string of a rank report, as both the JSON and the XLSX endpoints take it. */
export function rankQuery(f: RankFilter & { unitId: string }) {
  return {
    unit_id: f.unitId,
    group_by: f.groupBy,
    ...(f.from ? { period_from: f.from } : {}),
    ...(f.to ? { period_to: f.to } : {}),
  }
}

export function useRankStats(f: RankFilter) {
  return useQuery({
    queryKey: ['reports', 'ranks', f],
    enabled: !!f.unitId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/stats/ranks', { params: { query: rankQuery({ ...f, unitId: f.unitId! }) } }),
      ),
  })
}

export function useCompletion(unitId: string | undefined, period: string | undefined) {
  return useQuery({
    queryKey: ['reports', 'completion', unitId, period],
    enabled: !!unitId && !!period,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/stats/completion', {
          params: { query: { unit_id: unitId!, period: period! } },
        }),
      ),
  })
}

export async function downloadRanksXlsx(f: RankFilter & { unitId: string }) {
  return api.GET('/api/v1/stats/ranks.xlsx', {
    params: { query: rankQuery(f) },
    parseAs: 'blob',
  })
}

/** A publishing unit's year: everyone it decided, with their yearly result and the quota. */
export function useUnitYear(unitId: string | undefined, year: number) {
  return useQuery({
    queryKey: ['reports', 'year', unitId, year],
    enabled: !!unitId,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/units/{id}/year/{year}', { params: { path: { id: unitId!, year } } })),
  })
}

/** The unit's yearly results as XLSX or PDF (the official list to sign). */
export async function downloadUnitYear(unitId: string, year: number, format: 'xlsx' | 'pdf') {
  const params = { params: { path: { id: unitId, year } }, parseAs: 'blob' as const }
  return format === 'xlsx'
    ? api.GET('/api/v1/units/{id}/year/{year}.xlsx', params)
    : api.GET('/api/v1/units/{id}/year/{year}.pdf', params)
}

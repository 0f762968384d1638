import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from '../../api'

export type Plan = Schemas['PlanView']
export type PlanItem = Schemas['PlanItemView']
export type NewItem = Schemas['NewItemBody']
export type ItemKind = Schemas['ItemKind']

export const KINDS: ItemKind[] = ['monthly', 'weekly', 'ad_hoc']
export const STATUSES = ['planned', 'in_progress', 'done', 'late', 'cancelled'] as const

const planKey = (personId: string | undefined, period: string | undefined) =>
  ['plan', personId, period] as const

export function usePlan(personId: string | undefined, period: string | undefined) {
  return useQuery({
    queryKey: planKey(personId, period),
    enabled: !!personId && !!period,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/people/{id}/plans/{period}', {
          params: { path: { id: personId!, period: period! } },
        }),
      ),
  })
}

export function useAddItem(personId: string, period: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: NewItem) =>
      unwrap(
        await api.POST('/api/v1/people/{id}/plans/{period}/items', {
          params: { path: { id: personId, period } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: planKey(personId, period) }),
  })
}

export function useUpdateItem(personId: string, period: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async ({ id, patch }: { id: string; patch: Schemas['ItemPatch'] }) =>
      unwrap(await api.PATCH('/api/v1/plan-items/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: planKey(personId, period) }),
  })
}

export function useAddComment(personId: string, period: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: Schemas['CommentBody']) =>
      unwrap(
        await api.POST('/api/v1/people/{id}/plans/{period}/comments', {
          params: { path: { id: personId, period } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: planKey(personId, period) }),
  })
}

/** Items by kind; weekly items by week (1–6), in order. */
export function groupItems(items: PlanItem[]) {
  const byKind: Record<ItemKind, PlanItem[]> = { monthly: [], weekly: [], ad_hoc: [] }
  for (const item of items) {
    const kind = (KINDS as string[]).includes(item.kind) ? (item.kind as ItemKind) : 'ad_hoc'
    byKind[kind].push(item)
  }
  const weeks = new Map<number, PlanItem[]>()
  for (const item of [...byKind.weekly].sort((a, b) => (a.week ?? 0) - (b.week ?? 0))) {
    const w = item.week ?? 0
    weeks.set(w, [...(weeks.get(w) ?? []), item])
  }
  return { byKind, weeks: [...weeks.entries()] }
}

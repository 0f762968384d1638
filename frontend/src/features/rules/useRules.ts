// The rules administrators set: the criteria forms, the periods' deadlines and the A quota.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from '../../api'

export type Form = Schemas['FormView']
export type PeriodDates = Schemas['PeriodView']
export type PeriodPatch = Schemas['PeriodPatch']
export type QuotaPolicy = Schemas['QuotaPolicyBody']

/** The 19 forms in force, with their criteria. */
export function useForms() {
  return useQuery({
    queryKey: ['rules', 'forms'],
    queryFn: async () => unwrap(await api.GET('/api/v1/forms')),
  })
}

/** A period's deadlines as they apply to a unit (system-wide without one). */
export function usePeriod(period: string | undefined, unitId: string | undefined) {
  return useQuery({
    queryKey: ['rules', 'period', period, unitId],
    enabled: !!period,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/periods/{period}', {
          params: { path: { period: period! }, query: unitId ? { unit_id: unitId } : {} },
        }),
      ),
  })
}

export function usePatchPeriod(period: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: PeriodPatch) =>
      unwrap(await api.PATCH('/api/v1/periods/{period}', { params: { path: { period } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['rules', 'period', period] }),
  })
}

export function useExtend(period: string) {
  return useMutation({
    mutationFn: async (body: Schemas['ExtensionBody']) =>
      unwrap(await api.POST('/api/v1/periods/{period}/extensions', { params: { path: { period } }, body })),
  })
}

export function useQuotaPolicy() {
  return useQuery({
    queryKey: ['rules', 'quota'],
    queryFn: async () => unwrap(await api.GET('/api/v1/quota-policy')),
  })
}

export function useSaveQuotaPolicy() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: QuotaPolicy) => unwrap(await api.PUT('/api/v1/quota-policy', { body })),
    onSuccess: (saved) => client.setQueryData(['rules', 'quota'], saved),
  })
}

export function useQuotaOverride(unitId: string) {
  return useMutation({
    mutationFn: async (body: Schemas['QuotaOverrideBody']) =>
      unwrap(await api.PUT('/api/v1/units/{id}/quota-override', { params: { path: { id: unitId } }, body })),
  })
}

export type QuotaGroups = Schemas['QuotaGroups']

/** A publishing unit's named quota groups ("nhóm đối tượng"). */
export function useQuotaGroups(unitId: string | undefined) {
  return useQuery({
    queryKey: ['rules', 'quota-groups', unitId],
    enabled: !!unitId,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/units/{id}/quota-groups', { params: { path: { id: unitId! } } })),
  })
}

/** Replaces a publishing unit's grouping (split or merge). */
export function useSaveQuotaGroups(unitId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: QuotaGroups) =>
      unwrap(await api.PUT('/api/v1/units/{id}/quota-groups', { params: { path: { id: unitId } }, body })),
    onSuccess: (saved) => client.setQueryData(['rules', 'quota-groups', unitId], saved),
  })
}

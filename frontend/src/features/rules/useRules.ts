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

export type FormVersion = Schemas['FormVersionView']

/** Every stored version of a form, oldest first, each with its whole definition. */
export function useFormVersions(code: number | undefined) {
  return useQuery({
    queryKey: ['rules', 'form-versions', code],
    enabled: code != null,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/forms/{code}/versions', { params: { path: { code: code! } } })),
  })
}

/** Stores a new version of a form (operators), from a whole definition. */
export function useAddFormVersion(code: number) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (definition: Record<string, unknown>) =>
      unwrap(
        await api.POST('/api/v1/forms/{code}/versions', {
          params: { path: { code } },
          body: definition as Record<string, never>,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['rules'] }),
  })
}

/** The form a unit's people are scored with (the version in force with the unit's extension). */
export function useUnitForm(unitId: string | undefined, code: number | undefined) {
  return useQuery({
    queryKey: ['rules', 'unit-form', unitId, code],
    enabled: !!unitId && code != null,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/units/{id}/forms/{code}', { params: { path: { id: unitId!, code: code! } } }),
      ),
  })
}

export type ExtensionCriterion = { id: string; label: string; kind: string; max_points: number }
export type UnitExtension = {
  sub_criteria: { parent_id: string; children: ExtensionCriterion[] }[]
  deductions: ExtensionCriterion[]
}

/** A unit's extension of a form as stored (both lists empty when it has none). */
export function useUnitExtension(unitId: string | undefined, code: number | undefined) {
  return useQuery({
    queryKey: ['rules', 'unit-extension', unitId, code],
    enabled: !!unitId && code != null,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/units/{id}/forms/{code}/extension', {
          params: { path: { id: unitId!, code: code! } },
        }),
      ) as unknown as UnitExtension,
  })
}

export function useSaveUnitExtension(unitId: string, code: number) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (extension: UnitExtension) =>
      unwrap(
        await api.PUT('/api/v1/units/{id}/forms/{code}/extension', {
          params: { path: { id: unitId, code } },
          body: extension as unknown as Record<string, never>,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['rules'] }),
  })
}

export type EvaluatorRules = Schemas['EvaluatorRules']

/** The post rules of Điều 10.1: which office decides for which. */
export function useEvaluatorRules() {
  return useQuery({
    queryKey: ['rules', 'evaluator-rules'],
    queryFn: async () => unwrap(await api.GET('/api/v1/evaluator-rules')),
  })
}

/** Replaces the post rules (operators); chains follow at once. */
export function useSaveEvaluatorRules() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: EvaluatorRules) => unwrap(await api.PUT('/api/v1/evaluator-rules', { body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['rules'] })
      void client.invalidateQueries({ queryKey: ['org'] })
    },
  })
}

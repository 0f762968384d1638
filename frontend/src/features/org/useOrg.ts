// The organisation as the administrator manages it: units, people, acting heads and the chain.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from '../../api'

export type Unit = Schemas['UnitView']
export type Person = Schemas['PersonView']
export type NewUnit = Schemas['NewUnitRequest']
export type NewPerson = Schemas['NewPersonRequest']
export type Delegation = Schemas['DelegationView']
export type DelegationBody = Schemas['DelegationBody']
export type Chain = Schemas['ChainView']

const UNITS = ['org', 'units'] as const
const PEOPLE = ['org', 'people'] as const

/** Units the caller may see: the children of `parentId`, or the top ones (no parent visible). */
export function useChildUnits(parentId: string | null) {
  return useQuery({
    queryKey: [...UNITS, 'children', parentId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/units', {
          params: { query: { ...(parentId ? { parent_id: parentId } : {}), limit: 200 } },
        }),
      ).items,
  })
}

/** The units a search finds (code or name), among those the caller may see. */
export function useUnitSearch(q: string) {
  return useQuery({
    queryKey: [...UNITS, 'search', q],
    enabled: q.trim().length > 0,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/units', { params: { query: { q: q.trim(), limit: 50 } } })).items,
  })
}

export function useUnit(id: string | undefined) {
  return useQuery({
    queryKey: [...UNITS, 'one', id],
    enabled: !!id,
    queryFn: async () => unwrap(await api.GET('/api/v1/units/{id}', { params: { path: { id: id! } } })),
  })
}

export function useCreateUnit() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: NewUnit) => unwrap(await api.POST('/api/v1/units', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: UNITS }),
  })
}

/** The people of a unit (its own members, not those of its sub-units), by name. */
export function useUnitPeople(unitId: string | undefined) {
  return useQuery({
    queryKey: [...PEOPLE, 'unit', unitId],
    enabled: !!unitId,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/people', { params: { query: { unit_id: unitId!, limit: 200 } } })).items,
  })
}

export function usePerson(id: string | undefined) {
  return useQuery({
    queryKey: [...PEOPLE, 'one', id],
    enabled: !!id,
    queryFn: async () => unwrap(await api.GET('/api/v1/people/{id}', { params: { path: { id: id! } } })),
  })
}

export function useCreatePerson() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: NewPerson) => unwrap(await api.POST('/api/v1/people', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: PEOPLE }),
  })
}

export function useDelegations(unitId: string | undefined) {
  return useQuery({
    queryKey: ['org', 'delegations', unitId],
    enabled: !!unitId,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/units/{id}/delegations', { params: { path: { id: unitId! } } })),
  })
}

export function useNameActingHead(unitId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: DelegationBody) =>
      unwrap(await api.POST('/api/v1/units/{id}/delegations', { params: { path: { id: unitId } }, body })),
    // The chains of the unit's people change with it.
    onSuccess: () => client.invalidateQueries({ queryKey: ['org'] }),
  })
}

/** Who reviews and who decides a person's evaluation for a month, and by which rule. */
export function useChain(personId: string | undefined, period: string | undefined) {
  return useQuery({
    queryKey: ['org', 'chain', personId, period],
    enabled: !!personId && !!period,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/people/{id}/evaluation-chain', {
          params: { path: { id: personId! }, query: { period: period! } },
        }),
      ),
  })
}

/**
 * Where the caller's tree starts: the units of its roles; for an operator, the city; for a bloc
 * administrator, the bloc's agencies and districts (the city itself is outside the bloc).
 */
export function useRootUnits(roles: { role: string; unit_id?: string | null; bloc?: string | null }[]) {
  const unitIds = roles.flatMap((r) => (r.unit_id ? [r.unit_id] : []))
  const bloc = roles.find((r) => r.role === 'bloc_admin' && r.bloc)?.bloc as Schemas['Bloc'] | undefined
  return useQuery({
    queryKey: [...UNITS, 'roots', unitIds, bloc],
    queryFn: async (): Promise<Unit[]> => {
      if (unitIds.length > 0) {
        const units = await Promise.all(
          [...new Set(unitIds)].map(async (id) =>
            unwrap(await api.GET('/api/v1/units/{id}', { params: { path: { id } } })),
          ),
        )
        return units.sort((a, b) => a.code.localeCompare(b.code))
      }
      const city = unwrap(await api.GET('/api/v1/units', { params: { query: { level: 'city' } } })).items
      if (city.length > 0 || !bloc) return city
      const levels = ['agency', 'district'] as const
      const pages = await Promise.all(
        levels.map(
          async (level) =>
            unwrap(await api.GET('/api/v1/units', { params: { query: { level, bloc, limit: 200 } } })).items,
        ),
      )
      return pages.flat()
    },
  })
}

/** The 19 criteria forms in force, for choosing a post's form. */
export function useForms() {
  return useQuery({
    queryKey: ['forms'],
    staleTime: 10 * 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/forms')).map((f) => ({ code: f.code, title: f.title })),
  })
}

export type Assignment = Schemas['AssignmentView']
export type AssignmentBody = Schemas['AssignmentBody']

/** Explicit evaluators of a person (rule 1), newest first as the server keeps them. */
export function useAssignments(personId: string | undefined) {
  return useQuery({
    queryKey: ['org', 'assignments', personId],
    enabled: !!personId,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/people/{id}/assignments', { params: { path: { id: personId! } } })),
  })
}

export function useAssign(personId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: AssignmentBody) =>
      unwrap(await api.POST('/api/v1/people/{id}/assignments', { params: { path: { id: personId } }, body })),
    // The person's chain changes with it.
    onSuccess: () => client.invalidateQueries({ queryKey: ['org'] }),
  })
}

export type PersonPatch = Schemas['PersonPatch']
export type UnitPatch = Schemas['UnitPatch']
export type TransferRequest = Schemas['TransferRequest']
export type TransferResult = Schemas['TransferResult']

export function useUpdatePerson(personId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: PersonPatch) =>
      unwrap(await api.PATCH('/api/v1/people/{id}', { params: { path: { id: personId } }, body })),
    // A post or a deputy's fields change chains and lists.
    onSuccess: () => client.invalidateQueries({ queryKey: ['org'] }),
  })
}

export function useUpdateUnit(unitId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: UnitPatch) =>
      unwrap(await api.PATCH('/api/v1/units/{id}', { params: { path: { id: unitId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['org'] }),
  })
}

/** A person's posts, oldest first ("quá trình công tác"). */
export function usePosts(personId: string | undefined) {
  return useQuery({
    queryKey: ['org', 'posts', personId],
    enabled: !!personId,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/people/{id}/posts', { params: { path: { id: personId! } } })),
  })
}

/**
 * A transfer: `preview` runs it on the server and rolls it back (what would move), `confirm`
 * does it.
 */
export function useTransfer(personId: string) {
  const client = useQueryClient()
  const run = (dryRun: boolean) => async (body: TransferRequest) =>
    unwrap(
      await api.POST('/api/v1/people/{id}/transfer', {
        params: { path: { id: personId }, query: { dry_run: dryRun } },
        body,
      }),
    )
  const preview = useMutation({ mutationFn: run(true) })
  const confirm = useMutation({
    mutationFn: run(false),
    onSuccess: () => client.invalidateQueries({ queryKey: ['org'] }),
  })
  return { preview, confirm }
}

// People named by id, several at once: one request for a list's worth of names.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from '../api'

/** The people of `ids` the caller may see, by id (unknown or unseen ids are left out). */
export function usePeopleByIds(ids: (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))].sort()
  const query = useQuery({
    // Under 'org': a change of person refreshes the names shown.
    queryKey: ['org', 'people-by-ids', wanted],
    enabled: wanted.length > 0,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/people', { params: { query: { ids: wanted.join(','), limit: 500 } } }))
        .items,
  })
  const byId = new Map<string, Schemas['PersonView']>((query.data ?? []).map((p) => [p.id, p]))
  return { byId, isFetching: query.isFetching }
}

/** "Full name (post)", or an ellipsis while it is read. */
export function nameAndPost(person?: Schemas['PersonView']): string {
  return person ? `${person.full_name} (${person.position.title})` : '…'
}

// Who is signed in: account, roles, person, and the rules' "now" (the server decides the month).
import { useQuery } from '@tanstack/react-query'
import { api } from './client'
import { unwrap } from './problem'
import type { components } from './schema'

export type Me = components['schemas']['MeResponse']

export const meKey = ['me'] as const

export function useMe(enabled = true) {
  return useQuery({
    queryKey: meKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/me')),
    enabled,
    staleTime: 60_000,
  })
}

export function hasRole(me: Me | undefined, role: string): boolean {
  return !!me?.account.roles.some((r) => r.role === role)
}

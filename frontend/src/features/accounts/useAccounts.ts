// Accounts the administrator manages, and the bulk import of people.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type Schemas } from '../../api'

export type Account = Schemas['AccountView']
export type AccountWithPassword = Schemas['AccountWithPassword']
export type NewAccount = Schemas['NewAccountRequest']
export type AccountPatch = Schemas['AccountPatch']
export type ImportJob = Schemas['ImportJobView']

const ACCOUNTS = ['accounts'] as const

/** Accounts the caller manages, by username; `q` filters by username. */
export function useAccounts(q: string) {
  return useQuery({
    queryKey: [...ACCOUNTS, q],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/accounts', {
          params: { query: { ...(q.trim() ? { q: q.trim() } : {}), limit: 100 } },
        }),
      ),
  })
}

/** Creates an account; the answer carries its one-time password, shown once. */
export function useCreateAccount() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: NewAccount) => unwrap(await api.POST('/api/v1/accounts', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ACCOUNTS }),
  })
}

/** Restricts, revokes, restores, extends or resets an account (a reset answers a new password). */
export function usePatchAccount() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async ({ id, patch }: { id: string; patch: AccountPatch }) =>
      unwrap(await api.PATCH('/api/v1/accounts/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: () => client.invalidateQueries({ queryKey: ACCOUNTS }),
  })
}

/** Sends a CSV or XLSX file of people; the answer is the job to follow. */
export function useStartImport() {
  return useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData()
      form.append('file', file, file.name)
      return unwrap(
        await api.POST('/api/v1/imports/people', {
          params: { query: { file_name: file.name } },
          body: { file: file.name },
          // The browser writes the multipart boundary itself.
          bodySerializer: () => form,
        }),
      )
    },
  })
}

const FINISHED = ['succeeded', 'failed']

/** An import job, asked again every second until it has finished. */
export function useImportJob(id: string | undefined) {
  const client = useQueryClient()
  return useQuery({
    queryKey: ['imports', id],
    enabled: !!id,
    queryFn: async () => {
      const job = unwrap(await api.GET('/api/v1/imports/{id}', { params: { path: { id: id! } } }))
      if (FINISHED.includes(job.status)) void client.invalidateQueries({ queryKey: ['org', 'people'] })
      return job
    },
    refetchInterval: (query) =>
      query.state.data && FINISHED.includes(query.state.data.status) ? false : 1000,
  })
}

export function isFinished(job: ImportJob) {
  return FINISHED.includes(job.status)
}

/** The end of a chosen day in Hanoi, as the instant an account stays valid until. */
export function endOfDay(day: { format: (f: string) => string }): string {
  return `${day.format('YYYY-MM-DD')}T23:59:59+07:00`
}

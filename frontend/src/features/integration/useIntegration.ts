// What operators run: service clients and their webhooks, backups, scheduled jobs; and the
// audit trail, which administrators read within their scope.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, toApiError, unwrap, type Schemas } from '../../api'

export type ServiceClient = Schemas['ServiceClientView']
export type NewServiceClient = Schemas['CreateServiceClientRequest']
export type Webhook = Schemas['WebhookView']
export type Backup = Schemas['BackupView']
export type Job = Schemas['ScheduledJobView']
export type AuditEntry = Schemas['AuditEntryView']

export function useServiceClients() {
  return useQuery({
    queryKey: ['integration', 'clients'],
    queryFn: async () => unwrap(await api.GET('/api/v1/service-clients')),
  })
}

/** Creates a client; the answer carries its secret, shown once. */
export function useCreateServiceClient() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: NewServiceClient) => unwrap(await api.POST('/api/v1/service-clients', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['integration', 'clients'] }),
  })
}

export function useWebhooks(clientId: string | undefined) {
  return useQuery({
    queryKey: ['integration', 'webhooks', clientId],
    enabled: !!clientId,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/service-clients/{id}/webhooks', { params: { path: { id: clientId! } } })),
  })
}

/** Subscribes a client to events; the answer carries the signing secret, shown once. */
export function useCreateWebhook(clientId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: Schemas['WebhookRequest']) =>
      unwrap(
        await api.POST('/api/v1/service-clients/{id}/webhooks', { params: { path: { id: clientId } }, body }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['integration', 'webhooks', clientId] }),
  })
}

export function useDeleteWebhook(clientId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (id: string) => {
      const { error, response } = await api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } })
      if (!response.ok) throw toApiError(error, response)
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['integration', 'webhooks', clientId] }),
  })
}

export function useDeliveries(webhookId: string | undefined) {
  return useQuery({
    queryKey: ['integration', 'deliveries', webhookId],
    enabled: !!webhookId,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: webhookId! } } })),
  })
}

const RUNNING = ['running', 'pending', 'verifying']

/** Backups, newest first; asked again every 2 s while one is being made or verified. */
export function useBackups() {
  return useQuery({
    queryKey: ['integration', 'backups'],
    queryFn: async () => unwrap(await api.GET('/api/v1/backups')),
    refetchInterval: (query) => (query.state.data?.some((b) => RUNNING.includes(b.status)) ? 2000 : false),
  })
}

export function useBackupAction() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (action: { kind: 'create' } | { kind: 'verify'; id: string }) =>
      action.kind === 'create'
        ? unwrap(await api.POST('/api/v1/backups'))
        : unwrap(await api.POST('/api/v1/backups/{id}/verify', { params: { path: { id: action.id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['integration', 'backups'] }),
  })
}

export function useJobs() {
  return useQuery({
    queryKey: ['integration', 'jobs'],
    queryFn: async () => unwrap(await api.GET('/api/v1/jobs')),
    refetchInterval: 5000,
  })
}

export function useRunJob() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (name: string) =>
      unwrap(await api.POST('/api/v1/jobs/{name}/run', { params: { path: { name } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['integration', 'jobs'] }),
  })
}

export type AuditFilter = { entity?: string; action?: string; entityId?: string }

/** The audit trail, newest first, 50 at a time, filtered. */
export function useAudit(filter: AuditFilter) {
  return useQuery({
    queryKey: ['integration', 'audit', filter],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/audit', {
          params: {
            query: {
              limit: 50,
              ...(filter.entity ? { entity: filter.entity } : {}),
              ...(filter.action ? { action: filter.action } : {}),
              ...(filter.entityId ? { entity_id: filter.entityId } : {}),
            },
          },
        }),
      ),
  })
}

export function useVerifyAudit() {
  return useMutation({
    mutationFn: async () => unwrap(await api.GET('/api/v1/audit/verify')),
  })
}

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, toApiError, unwrap } from '../../api'

const KEY = ['notifications'] as const

/** The bell's number, refreshed every minute (alerts are computed every 15 minutes). */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'unread'],
    enabled,
    refetchInterval: 60_000,
    queryFn: async () => unwrap(await api.GET('/api/v1/notifications/unread-count')).unread,
  })
}

/** My notifications, newest first, a page of 20 at a time. */
export function useNotificationList() {
  return useInfiniteQuery({
    queryKey: [...KEY, 'list'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/notifications', {
          params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}

export function useMarkRead() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (id: string) => {
      const { error, response } = await api.POST('/api/v1/notifications/{id}/read', {
        params: { path: { id } },
      })
      if (!response.ok) throw toApiError(error, response)
    },
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  })
}

export function useMarkAllRead() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/notifications/read-all')).marked,
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  })
}

const PREFERENCES = ['notification-preferences'] as const

export function usePreferences() {
  return useQuery({
    queryKey: PREFERENCES,
    queryFn: async () => unwrap(await api.GET('/api/v1/me/notification-preferences')),
  })
}

export function useSetPreferences() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: { in_app: boolean; email: boolean }) =>
      unwrap(await api.PUT('/api/v1/me/notification-preferences', { body })),
    onSuccess: (saved) => client.setQueryData(PREFERENCES, saved),
  })
}

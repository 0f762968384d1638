import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from '../../api'
import { acceptTokens, forgetSession, refreshToken } from '../../api/session'

export type Credentials = { username: string; password: string }

/** Signs in and keeps the tokens; the caller decides where to go next. */
export function useSignIn() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (credentials: Credentials) =>
      unwrap(await api.POST('/api/v1/auth/login', { body: credentials })),
    onSuccess: (pair) => {
      acceptTokens(pair)
      void queryClient.invalidateQueries({ queryKey: ['me'] })
    },
  })
}

/** Ends the session on the server (best effort) and forgets everything cached. */
export function useSignOut() {
  const queryClient = useQueryClient()
  return async () => {
    const token = refreshToken()
    if (token)
      await api.POST('/api/v1/auth/logout', { body: { refresh_token: token } }).catch(() => undefined)
    forgetSession()
    queryClient.clear()
  }
}

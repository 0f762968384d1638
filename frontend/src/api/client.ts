// The one typed client of the REST API, generated from openapi.yaml (src/api/schema.d.ts).
import createClient from 'openapi-fetch'
import i18n from '../i18n'
import type { paths } from './schema'
import { currentAccessToken, refreshAccess, refreshToken, waitForRelogin } from './session'

const PUBLIC_PATHS = ['/api/v1/auth/login', '/api/v1/auth/refresh']

function prepare(request: Request): Request {
  const token = currentAccessToken()
  if (token) request.headers.set('Authorization', `Bearer ${token}`)
  request.headers.set('Accept-Language', i18n.language?.startsWith('en') ? 'en' : 'vi')
  return request
}

/**
 * fetch with the access token; on 401 it refreshes once (or, when the server ended the session,
 * waits for a re-sign-in) and retries.
 */
export async function authFetch(request: Request): Promise<Response> {
  const path = new URL(request.url, window.location.origin).pathname
  if (PUBLIC_PATHS.includes(path)) return fetch(prepare(request))
  const retry = request.clone()
  if (!currentAccessToken() && refreshToken()) await refreshAccess()
  const response = await fetch(prepare(request))
  if (response.status !== 401) return response
  const outcome = await refreshAccess()
  // No answer from the server: the session may well be alive, so the page shows the error.
  if (outcome === 'unreachable') return response
  if (outcome === 'ended' && !(await waitForRelogin())) return response
  return fetch(prepare(retry))
}

export const api = createClient<paths>({ baseUrl: '', fetch: authFetch })

// The sign-in session: tokens, their silent refresh, and re-sign-in when the session has ended.
// Access tokens live in memory only; the refresh token in sessionStorage so a reload in the same
// tab keeps the session (closing the tab ends it).
import type { components } from './schema'

type TokenPair = components['schemas']['TokenPair']

const REFRESH_KEY = 'danhgia.refresh'

let accessToken: string | null = null
/** What a refresh came to: a new pair, a session the server ended, or no answer (network, 5xx). */
export type RefreshOutcome = 'refreshed' | 'ended' | 'unreachable'

let refreshInFlight: Promise<RefreshOutcome> | null = null
let reloginWaiters: Array<(ok: boolean) => void> = []
const listeners = new Set<() => void>()

export type SessionState = 'signed-in' | 'signed-out' | 'expired'
let state: SessionState = sessionStorage.getItem(REFRESH_KEY) ? 'signed-in' : 'signed-out'

export function sessionState(): SessionState {
  return state
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function setState(next: SessionState) {
  state = next
  listeners.forEach((l) => l())
}

export function currentAccessToken(): string | null {
  return accessToken
}

export function refreshToken(): string | null {
  return sessionStorage.getItem(REFRESH_KEY)
}

/** Stores a fresh pair (sign-in or refresh) and wakes requests waiting for a re-sign-in. */
export function acceptTokens(pair: TokenPair) {
  accessToken = pair.access_token
  sessionStorage.setItem(REFRESH_KEY, pair.refresh_token)
  setState('signed-in')
  const waiters = reloginWaiters
  reloginWaiters = []
  waiters.forEach((w) => w(true))
}

/** Forgets the session (sign-out); requests waiting for a re-sign-in give up. */
export function forgetSession() {
  accessToken = null
  sessionStorage.removeItem(REFRESH_KEY)
  setState('signed-out')
  const waiters = reloginWaiters
  reloginWaiters = []
  waiters.forEach((w) => w(false))
}

async function postRefresh(token: string): Promise<TokenPair | 'ended' | 'unreachable'> {
  let res: Response
  try {
    res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refresh_token: token }),
    })
  } catch {
    return 'unreachable'
  }
  // Only a refused token ends the session; a network failure or a 5xx must not sign anyone out.
  if (res.status === 401) return 'ended'
  if (!res.ok) return 'unreachable'
  return (await res.json()) as TokenPair
}

/**
 * Gets a new access token with the refresh token. One refresh at a time: refresh tokens rotate,
 * and presenting a spent one ends the whole session, so concurrent callers share one attempt.
 */
export function refreshAccess(): Promise<RefreshOutcome> {
  if (refreshInFlight) return refreshInFlight
  const token = refreshToken()
  if (!token) return Promise.resolve('ended')
  refreshInFlight = postRefresh(token)
    .then((outcome): RefreshOutcome => {
      if (outcome === 'ended' || outcome === 'unreachable') return outcome
      acceptTokens(outcome)
      return 'refreshed'
    })
    .catch((): RefreshOutcome => 'unreachable')
    .finally(() => {
      refreshInFlight = null
    })
  return refreshInFlight
}

/**
 * The session has ended (refresh refused): the app shows a sign-in dialog over the page, so what
 * the user typed stays on screen; the request waits and is retried once they are back.
 */
export function waitForRelogin(): Promise<boolean> {
  accessToken = null
  sessionStorage.removeItem(REFRESH_KEY)
  if (state !== 'expired') setState('expired')
  return new Promise((resolve) => reloginWaiters.push(resolve))
}

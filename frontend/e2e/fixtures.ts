// What every journey needs: sign-in through the UI, a REST helper to set up the state a journey
// starts from (as the real API, no mocks), an accessibility scan and screenshots.
import { AxeBuilder } from '@axe-core/playwright'
import { expect, test as base, type Page, type TestInfo } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export { expect }
export const DEMO_PASSWORD = 'DanhGia@2026'
/** The month the rules clock of e2e/server.sh is in. */
export const PERIOD = '2026-11'
/** The second server of playwright.config.ts: access tokens live 5 seconds (plus 5 of leeway). */
export const SHORT_SESSION_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 8091) + 1}`
/** The third server: journey 6 publishes the whole district's month there. */
export const RESULTS_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 8091) + 2}`

const here = dirname(fileURLToPath(import.meta.url))

export type Rest = {
  token: string
  get<T = unknown>(path: string): Promise<{ status: number; body: T; etag: string | null }>
  send<T = unknown>(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T; etag: string | null }>
}

/** Signs in over REST (for setting up a journey, not for testing sign-in). */
export async function restAs(baseURL: string, username: string, password = DEMO_PASSWORD): Promise<Rest> {
  const login = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (!login.ok) throw new Error(`sign-in of ${username}: ${login.status} ${await login.text()}`)
  const { access_token: token } = (await login.json()) as { access_token: string }
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${baseURL}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as never, etag: res.headers.get('etag') }
  }
  return {
    token,
    get: (path) => call('GET', path),
    send: (method, path, body, headers) => call(method, path, body, headers),
  }
}

/** Signs in through the sign-in page and waits for the home page. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/dang-nhap')
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu').fill(password)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  let bad = await seriousViolations(page)
  // A notice that starts fading out while the page is being scanned has faded colours for a
  // moment, which the contrast check fails; what is really wrong is still wrong a scan later.
  if (bad.length > 0) {
    const again = await seriousViolations(page)
    bad = bad.filter((v) => again.includes(v))
  }
  expect(bad).toEqual([])
}

async function seriousViolations(page: Page): Promise<string[]> {
  // Scanned at rest: a dialog still zooming in or a notice fading has faded colours, which the
  // contrast check would fail. Endless animations (spinners) are not waited for.
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
  )
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** A full-page screenshot under e2e/screenshots/<project>/<name>.png (not committed). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const dir = join(here, 'screenshots', testInfo.project.name)
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
}

export const test = base

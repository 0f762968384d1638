// Benchmark (not a test): how long one keystroke takes in a 100-criterion form, in Chromium,
// against the real API. It adds a version of form 15 with 100 criteria, a person scored with it
// and their draft, then types into the form and reads the browser's Event Timing entries
// (input delay + handlers + the next paint, the measure behind INP) for every key event.
// Run: npm run bench:keystroke (after npm run build); results go to docs/benchmarks.md by hand.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test'
import { PERIOD, restAs } from '../e2e/fixtures'

test('typing in a 100-criterion form', async ({ page, baseURL, browser }) => {
  test.setTimeout(180_000)
  const operator = await restAs(baseURL!, 'quantri')
  const current = await operator.get<Record<string, unknown> & { version: number }>('/forms/15')
  const groups = Array.from({ length: 10 }, (_, g) => ({
    id: `G${g + 1}`,
    label: `Nhóm tiêu chí ${g + 1}`,
    kind: 'score',
    max_points: 10,
    children: Array.from({ length: 10 }, (_, c) => ({
      id: `G${g + 1}.${c + 1}`,
      label: `Tiêu chí ${g + 1}.${c + 1}: thực hiện nhiệm vụ được giao đúng tiến độ, bảo đảm chất lượng`,
      kind: 'score',
      max_points: 1,
    })),
  }))
  const header = { ...current.body }
  delete header.criteria
  const added = await operator.send('POST', '/forms/15/versions', {
    ...header,
    version: current.body.version + 1,
    effective_from: '2026-11-01',
    criteria: groups,
  })
  expect(added.status, JSON.stringify(added.body)).toBeLessThan(300)

  const admin = await restAs(baseURL!, 'quantri.hk')
  const units = await admin.get<{ items: { id: string; code: string }[] }>('/units?limit=100')
  const unit = units.body.items.find((u) => u.code === 'HK-TCKH')!
  const person = await admin.send<{ id: string }>('POST', '/people', {
    full_name: 'Trần Thị Kiểm Thử',
    unit_id: unit.id,
    position: { category: 'staff', title: 'Chuyên viên', form_code: 15 },
  })
  expect(person.status, JSON.stringify(person.body)).toBe(201)
  const username = `bench.${Date.now() % 1_000_000}`
  const account = await admin.send<{ one_time_password: string }>('POST', '/accounts', {
    username,
    person_id: person.body.id,
  })
  const district = units.body.items.find((u) => u.code === 'HK')!
  const opened = await admin.send('POST', `/units/${district.id}/evaluations`, { period: PERIOD })
  expect(opened.status, JSON.stringify(opened.body)).toBeLessThan(300)
  const user = await restAs(baseURL!, username, account.body.one_time_password)
  const password = 'BenchMark2026x'
  const changed = await user.send('POST', '/auth/password', {
    current_password: account.body.one_time_password,
    new_password: password,
  })
  expect(changed.status).toBe(204)

  await page.goto('/dang-nhap')
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu').fill(password)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(page).toHaveURL(/\/$/)
  await page.goto('/danh-gia')
  const inputs = page.locator('[data-testid^="score-self-"]')
  await expect(inputs).toHaveCount(100, { timeout: 20_000 })

  await measureTyping(page, browser, inputs)
})

// The same typing and measure on a plain HTML table of 100 inputs whose handler sums them (no
// React, no antd, no API traffic): what this machine and headless Chromium cost at best.
test('floor: the same typing in a plain HTML table', async ({ page, browser }) => {
  const rows = Array.from(
    { length: 110 },
    (_, i) =>
      `<tr><td>Tiêu chí ${i}: thực hiện nhiệm vụ được giao đúng tiến độ, bảo đảm chất lượng</td>` +
      `<td>1</td><td><input data-i="${i}" style="width:72px"> / 1</td></tr>`,
  ).join('')
  await page.setContent(
    `<table id="t">${rows}<tfoot><tr><td id="total">0</td></tr></tfoot></table><script>
      document.getElementById('t').addEventListener('input', () => {
        let s = 0
        for (const i of document.querySelectorAll('input')) s += Number(i.value.replace(',', '.')) || 0
        document.getElementById('total').textContent = String(s)
      })</script>`,
  )
  await measureTyping(page, browser, page.locator('input'))
})

/** Types `0,5` into every 4th of the inputs and prints what the Event Timing entries say. */
async function measureTyping(page: Page, browser: Browser, inputs: Locator) {
  await page.evaluate(() => {
    const w = window as unknown as { keyDurations: number[]; keyParts: number[][] }
    w.keyDurations = []
    w.keyParts = []
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceEventTiming[]) {
        if (['keydown', 'keyup', 'keypress', 'input', 'beforeinput'].includes(e.name)) {
          w.keyDurations.push(e.duration)
          w.keyParts.push([
            e.processingStart - e.startTime,
            e.processingEnd - e.processingStart,
            e.startTime + e.duration - e.processingEnd,
          ])
        }
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit)
  })
  const cdp = process.env.PROFILE ? await page.context().newCDPSession(page) : null
  if (cdp) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.start')
  }
  // TRACE=1: where the main thread and the compositor spend their time (Chromium's own trace).
  if (process.env.TRACE) {
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
    })
  }
  let keystrokes = 0
  for (let i = 0; i < 100; i += 4) {
    await inputs.nth(i).click()
    await inputs.nth(i).pressSequentially('0,5', { delay: 30 })
    keystrokes += 3
  }
  await page.waitForTimeout(1_000)
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop')
    const self = new Map<string, number>()
    const byId = new Map(profile.nodes.map((n) => [n.id, n]))
    const dt = profile.timeDeltas ?? []
    ;(profile.samples ?? []).forEach((id, i) => {
      const n = byId.get(id)!
      const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000)
    })
    console.log(
      [...self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([k, v]) => `${v.toFixed(0)}ms ${k}`)
        .join('\n'),
    )
  }
  if (process.env.TRACE) {
    const trace = JSON.parse((await browser.stopTracing()).toString()) as {
      traceEvents: { name: string; ph: string; dur?: number; tid: number; args?: unknown }[]
    }
    const paints = trace.traceEvents.filter((e) => e.name === 'Paint' && e.ph === 'X')
    const paintBy = new Map<string, [number, number]>()
    for (const e of paints) {
      const name = ((e.args as { data?: { nodeName?: string } })?.data?.nodeName ?? '?').slice(0, 60)
      const [n, ms] = paintBy.get(name) ?? [0, 0]
      paintBy.set(name, [n + 1, ms + (e.dur ?? 0) / 1000])
    }
    console.log(
      [...paintBy]
        .sort((a, b) => b[1][1] - a[1][1])
        .slice(0, 8)
        .map(([k, [n, ms]]) => `Paint ${k}: ${n}× ${ms.toFixed(0)} ms`)
        .join('\n'),
    )
    const byName = new Map<string, number>()
    for (const e of trace.traceEvents) {
      if (e.ph !== 'X' || !e.dur) continue
      byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000)
    }
    console.log(
      [...byName]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 30)
        .map(([k, v]) => `${v.toFixed(0)}ms ${k}`)
        .join('\n'),
    )
  }
  {
    const parts = await page.evaluate(() => (window as unknown as { keyParts: number[][] }).keyParts)
    const mean = (i: number) => parts.reduce((a, p) => a + p[i], 0) / Math.max(parts.length, 1)
    const max = (i: number) => Math.max(0, ...parts.map((p) => p[i]))
    const worstPart = parts.reduce((w, p) => (p[0] + p[1] + p[2] > w[0] + w[1] + w[2] ? p : w), [0, 0, 0])
    console.log(
      `worst: input delay ${worstPart[0].toFixed(1)}, handlers ${worstPart[1].toFixed(1)}, to paint ${worstPart[2].toFixed(1)}`,
    )
    console.log(
      `input delay mean ${mean(0).toFixed(1)} max ${max(0).toFixed(1)} · handlers mean ${mean(1).toFixed(1)} max ${max(1).toFixed(1)} · to paint mean ${mean(2).toFixed(1)} max ${max(2).toFixed(1)}`,
    )
  }
  const durations = await page.evaluate(() => (window as unknown as { keyDurations: number[] }).keyDurations)
  const sorted = [...durations].sort((a, b) => a - b)
  const worst = sorted.at(-1) ?? 0
  console.log(
    JSON.stringify({
      keystrokes,
      events_over_16ms: durations.length,
      worst_ms: worst,
      p95_of_slow_ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
      median_of_slow_ms: sorted[Math.floor(sorted.length / 2)] ?? 0,
    }),
  )
}

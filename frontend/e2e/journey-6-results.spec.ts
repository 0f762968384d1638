// Journey 6 (Điều 12.4, 13.2): published results of the month, the commendation list, the
// summary XLSX and the form PDF; also the public guide and the home page's waiting
// self-assessment. People: Văn phòng HĐND và UBND (truongphong.vp, phophong1.vp, vp.nv01…04).
//
// Publication is by the publishing unit (the district HK; a department does not publish, 422
// `not_a_publishing_unit`), and only once every evaluation of the district's month is decided.
// The set-up therefore runs the whole chain for the VP people (self-assessment, review when
// there is a reviewer, decision, as their evaluation chains say), then decides the rest of the
// district's month that is still open (self-assessment and decision only), and publishes as the
// district head (chutich.hk), who also edits and sends the commendation list. It is skipped
// when the month is already published.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Download, Page } from '@playwright/test'
import {
  PERIOD,
  RESULTS_URL,
  expect,
  expectAccessible,
  restAs,
  screenshot,
  signIn,
  test,
  type Rest,
} from './fixtures'

// A server of this journey's own (the third of playwright.config.ts): the district's publication
// leaves the other journeys' people alone.
test.use({ baseURL: RESULTS_URL })

const VP = ['truongphong.vp', 'phophong1.vp', 'vp.nv01', 'vp.nv02', 'vp.nv03', 'vp.nv04']
/** vp.nv01 scores 95 (A, in the default commendation list); everyone else 80 (B). */
const TOTAL: Record<string, number> = { 'vp.nv01': 95 }

type Criterion = { id: string; kind: string; max_points: number; parent_id?: string | null }
type Evaluation = { id: string; state: string; form_code: number; person: { id: string; full_name: string } }
type Person = { id: string; full_name: string; unit_id: string }
type Chain = { reviewer?: { id: string } | null; decider?: { id: string } | null; rule: string }

const sessions = new Map<string, Rest>()
async function as(baseURL: string, username: string): Promise<Rest> {
  let rest = sessions.get(username)
  if (!rest) {
    rest = await restAs(baseURL, username)
    sessions.set(username, rest)
  }
  return rest
}

const forms = new Map<number, Criterion[]>()
/** Scores reaching `total`: leaves filled in order up to their maxima (deductions 0). */
async function scoresFor(rest: Rest, formCode: number, total: number) {
  if (!forms.has(formCode)) {
    const form = await rest.get<{ criteria: Criterion[] }>(`/forms/${formCode}`)
    expect(form.status).toBe(200)
    forms.set(formCode, form.body.criteria)
  }
  const criteria = forms.get(formCode)!
  const isParent = (id: string) => criteria.some((c) => c.parent_id === id)
  // The completion band first, at its top (it must fit the plan's completion share: an empty
  // plan leaves it free, a plan done in full asks for the top of the band).
  const leaves = criteria.filter((c) => !isParent(c.id) && c.kind !== 'deduction')
  const ordered = [
    ...leaves.filter((c) => c.kind === 'completion_band'),
    ...leaves.filter((c) => c.kind !== 'completion_band'),
  ]
  let left = total
  return ordered.map((c) => {
    const give = Math.min(left, c.max_points)
    left -= give
    return { criterion_id: c.id, points: Math.round(give * 10) / 10 }
  })
}

async function withEtag(rest: Rest, id: string) {
  const current = await rest.get<Evaluation>(`/evaluations/${id}`)
  expect(current.status, JSON.stringify(current.body)).toBe(200)
  return { 'If-Match': current.etag! }
}

async function selfAssess(rest: Rest, total: number): Promise<Evaluation> {
  const mine = await rest.get<Evaluation>(`/evaluations/mine?period=${PERIOD}`)
  expect(mine.status).toBe(200)
  if (mine.body.state !== 'draft') return mine.body
  const scores = await scoresFor(rest, mine.body.form_code, total)
  const saved = await rest.send(
    'PUT',
    `/evaluations/${mine.body.id}/self`,
    { scores, comment: 'Hoàn thành kế hoạch tháng' },
    await withEtag(rest, mine.body.id),
  )
  expect(saved.status, JSON.stringify(saved.body)).toBe(200)
  const submitted = await rest.send('POST', `/evaluations/${mine.body.id}/submit`)
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
  return mine.body
}

async function stateOf(rest: Rest, id: string) {
  return (await rest.get<Evaluation>(`/evaluations/${id}`)).body.state
}

async function review(rest: Rest, evaluation: Evaluation, total: number) {
  if ((await stateOf(rest, evaluation.id)) !== 'self_submitted') return
  const scores = await scoresFor(rest, evaluation.form_code, total)
  const saved = await rest.send(
    'PUT',
    `/evaluations/${evaluation.id}/review`,
    { scores, comment: 'Đồng ý với kết quả tự đánh giá' },
    await withEtag(rest, evaluation.id),
  )
  expect(saved.status, JSON.stringify(saved.body)).toBe(200)
  const submitted = await rest.send('POST', `/evaluations/${evaluation.id}/review/submit`)
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
}

async function decide(rest: Rest, evaluation: Evaluation, total: number, again = false) {
  const state = await stateOf(rest, evaluation.id)
  if (state === 'published' || (state === 'decided' && !again)) return
  const scores = await scoresFor(rest, evaluation.form_code, total)
  const decided = await rest.send(
    'PUT',
    `/evaluations/${evaluation.id}/decision`,
    { scores, comment: 'Quyết định xếp loại' },
    await withEtag(rest, evaluation.id),
  )
  expect(decided.status, JSON.stringify(decided.body)).toBe(200)
}

type Raised = { id: string; name: string }
type Group = {
  name: string
  quota: { over_quota: boolean; used_a: number; max_a: number }
  members: { person: Person; evaluation_id?: string | null; rank_final?: string | null }[]
}
type Setup = { district: string; names: Record<string, string>; raised: Raised[] }
let setup: Setup | undefined

/** Decides November for the whole district (once per server), as described at the top. */
async function decidedMonth(baseURL: string): Promise<Setup> {
  if (setup) return setup
  const head = await as(baseURL, 'chutich.hk')
  const district = (await head.get<{ person: Person }>('/me')).body.person.unit_id
  const names: Record<string, string> = {}
  for (const username of VP) {
    names[username] = (
      await (await as(baseURL, username)).get<{ person: Person }>('/me')
    ).body.person.full_name
  }

  // Already published (this spec's other project ran first): nothing left to set up.
  const already = await head.get(`/units/${district}/results?period=${PERIOD}`)
  if (already.status === 200) return (setup = { district, names, raised: [] })

  // Who signs in as whom: person id → username (as the operator).
  const operator = await as(baseURL, 'quantri')
  const accounts = await operator.get<{ items: { username: string; person_id?: string | null }[] }>(
    '/accounts?limit=500',
  )
  expect(accounts.status).toBe(200)
  const usernameOf = new Map(
    accounts.body.items.filter((a) => a.person_id).map((a) => [a.person_id!, a.username]),
  )

  // 1. The VP people: self-assessment, review when the chain has a reviewer, decision.
  for (const username of VP) {
    const rest = await as(baseURL, username)
    const total = TOTAL[username] ?? 80
    const evaluation = await selfAssess(rest, total)
    const me = (await rest.get<{ person: Person }>('/me')).body.person
    const chain = await rest.get<Chain>(`/people/${me.id}/evaluation-chain?period=${PERIOD}`)
    expect(chain.status, JSON.stringify(chain.body)).toBe(200)
    if (chain.body.reviewer) {
      await review(await as(baseURL, usernameOf.get(chain.body.reviewer.id)!), evaluation, total)
    }
    expect(chain.body.decider, `${username} has a decider`).toBeTruthy()
    await decide(await as(baseURL, usernameOf.get(chain.body.decider!.id)!), evaluation, total)
  }

  // 2. The rest of the district's month that is still open (publication needs all decided).
  const summary = await head.get<{
    groups: { members: { person: Person; state: string; evaluated_outside: boolean }[] }[]
  }>(`/units/${district}/summary?period=${PERIOD}`)
  expect(summary.status).toBe(200)
  for (const member of summary.body.groups.flatMap((g) => g.members)) {
    if (member.evaluated_outside || member.state === 'decided' || member.state === 'published') continue
    const rest = await as(baseURL, usernameOf.get(member.person.id)!)
    const evaluation = await selfAssess(rest, 80)
    const chain = await rest.get<Chain>(`/people/${member.person.id}/evaluation-chain?period=${PERIOD}`)
    expect(chain.status, JSON.stringify(chain.body)).toBe(200)
    await decide(await as(baseURL, usernameOf.get(chain.body.decider!.id)!), evaluation, 80)
  }

  // 3. More A in vp.nv01's quota group until it is over the quota (Điều 13.1: A ≤ 20% of B):
  // the district head must then be refused and adjust before publishing (journey 5's end).
  const raised: Raised[] = []
  const nv01 = (await (await as(baseURL, 'vp.nv01')).get<{ person: Person }>('/me')).body.person.id
  for (;;) {
    const now = await head.get<{ groups: Group[] }>(`/units/${district}/summary?period=${PERIOD}`)
    const group = now.body.groups.find((g) => g.members.some((m) => m.person.id === nv01))!
    if (group.quota.over_quota) break
    const next = group.members.find(
      (m) =>
        m.rank_final === 'B' && m.evaluation_id && !VP.slice(0, 3).includes(usernameOf.get(m.person.id)!),
    )
    expect(next, 'a B left to raise in the group').toBeTruthy()
    const rest = await as(baseURL, usernameOf.get(next!.person.id)!)
    const chain = await rest.get<Chain>(`/people/${next!.person.id}/evaluation-chain?period=${PERIOD}`)
    const decider = await as(baseURL, usernameOf.get(chain.body.decider!.id)!)
    const evaluation = (await decider.get<Evaluation>(`/evaluations/${next!.evaluation_id}`)).body
    await decide(decider, evaluation, 95, true)
    raised.push({ id: next!.evaluation_id!, name: next!.person.full_name })
  }
  // Those above vp.nv01's A in the group (found again if this worker restarted after a failure).
  const final = await head.get<{ groups: Group[] }>(`/units/${district}/summary?period=${PERIOD}`)
  const group = final.body.groups.find((g) => g.members.some((m) => m.person.id === nv01))!
  for (const m of group.members) {
    if (m.rank_final === 'A' && m.person.id !== nv01 && !raised.some((r) => r.id === m.evaluation_id)) {
      raised.push({ id: m.evaluation_id!, name: m.person.full_name })
    }
  }
  return (setup = { district, names, raised })
}

/** Publishes November for the district: the decided month, adjusted back within the quota. */
async function publishedMonth(baseURL: string): Promise<Setup> {
  const decided = await decidedMonth(baseURL)
  const head = await as(baseURL, 'chutich.hk')
  const results = await head.get(`/units/${decided.district}/results?period=${PERIOD}`)
  if (results.status === 200) return decided
  // Only when the browser test of publication did not run first (e.g. one test run alone).
  for (const { id } of decided.raised) {
    const current = (await head.get<{ rank_final: string }>(`/evaluations/${id}`)).body
    if (current.rank_final !== 'A') continue
    const adjusted = await head.send(
      'POST',
      `/evaluations/${id}/adjust`,
      { rank: 'B', reason: 'Giữ trong chỉ tiêu loại A' },
      await withEtag(head, id),
    )
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(200)
  }
  const published = await head.send('POST', `/units/${decided.district}/publications`, { period: PERIOD })
  expect(published.status, JSON.stringify(published.body)).toBe(201)
  return decided
}

async function firstBytes(download: Download, n: number) {
  const path = await download.path()
  return readFileSync(path).subarray(0, n).toString('latin1')
}

async function openResults(page: Page, username: string) {
  await signIn(page, username)
  await expect(page).toHaveURL(/\/$/)
  await page.goto('/ket-qua')
  await expect(page.getByRole('heading', { level: 1, name: `Kết quả xếp loại tháng 11/2026` })).toBeVisible()
}

test('the guide is public and explains the month, the ranks and the A quota @phone', async ({
  page,
}, testInfo) => {
  await page.goto('/huong-dan')
  await expect(page).toHaveURL(/\/huong-dan$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Hướng dẫn sử dụng' })).toBeVisible()
  await expect(page.getByText('Tự đánh giá: từ ngày 20 đến trước ngày 25 (hết ngày 24).')).toBeVisible()
  await expect(page.getByText(/không vượt quá 20% số người xếp loại B/)).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'guide')

  await page.getByRole('link', { name: 'Cán bộ, công chức, viên chức và người lao động' }).click()
  await expect(page).toHaveURL(/\/huong-dan\/ca-nhan$/)
  await expect(
    page.getByRole('heading', { level: 2, name: /tự đánh giá \(menu “Tự đánh giá”\)/ }),
  ).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'guide-staff')

  await page.getByRole('link', { name: 'Gửi góp ý, phản ánh' }).click()
  await expect(page).toHaveURL(/\/gop-y$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Góp ý, phản ánh' })).toBeVisible()
  await expect(page.getByText(/liên hệ quản trị đơn vị của bạn trước tiên/)).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'feedback')
})

test('the home page shows vp.nv04 the self-assessment that waits, with its deadline @phone', async ({
  page,
  baseURL,
}, testInfo) => {
  const rest = await as(baseURL!, 'vp.nv04')
  const mine = await rest.get<Evaluation>(`/evaluations/mine?period=${PERIOD}`)
  await signIn(page, 'vp.nv04')
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByRole('heading', { level: 2, name: 'Tháng 11/2026' })).toBeVisible()
  await expect(page.getByTestId('step-self')).toContainText('Từ ngày 20/11/2026 đến hết ngày 24/11/2026')
  await expect(page.getByTestId('step-self')).toContainText('Đang mở')
  await expect(page.getByTestId('step-plan')).toContainText('Đã kết thúc')
  // The month as a calendar: the last self-assessment day marked, today outlined.
  await expect(page.getByTestId('month-grid')).toBeVisible()
  await expect(page.getByTestId('deadline-self')).toHaveText(/^24/)
  await expect(page.getByTestId('month-grid').locator('[aria-current="date"]')).toHaveText('21')
  if (mine.body.state === 'draft') {
    const task = page.getByTestId('task-self')
    await expect(task).toContainText('Tự đánh giá tháng 11/2026.')
    await expect(task).toContainText('Hạn: đến hết ngày 24/11/2026.')
    await expect(task.getByRole('link', { name: 'Mở phiếu tự đánh giá' })).toHaveAttribute(
      'href',
      '/danh-gia',
    )
  } else {
    // The month was already published by the results test (this spec on another project).
    await expect(page.getByTestId('task-self')).toHaveCount(0)
    await expect(page.getByText('Phiếu của tôi:')).toBeVisible()
  }
  await expect(page.getByRole('heading', { level: 3, name: 'Việc cần làm' }).first()).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'home')
})

test('my work: add an ad-hoc task, mark it done, the completion share follows @phone', async ({
  page,
}, testInfo) => {
  await signIn(page, 'vp.nv03')
  await expect(page).toHaveURL(/\/$/)
  await page.goto('/cong-viec')
  await expect(
    page.getByRole('heading', { level: 1, name: 'Công việc của tôi – tháng 11/2026' }),
  ).toBeVisible()
  // An empty title is refused beside the field.
  await page.getByLabel('Loại việc').click()
  await page.getByTitle('Công việc đột xuất, phát sinh').click()
  await page.getByRole('button', { name: 'Thêm vào kế hoạch' }).click()
  await expect(page.getByText('Vui lòng nhập nội dung công việc')).toBeVisible()
  const title = `Chuẩn bị tài liệu họp giao ban ${Date.now()}`
  await page.getByLabel('Nội dung công việc').fill(title)
  await page.getByRole('button', { name: 'Thêm vào kế hoạch' }).click()
  const item = page.locator('[data-testid^="item-"]', { hasText: title })
  await expect(item).toBeVisible()
  await item.getByLabel('Trạng thái').click()
  await page.getByTitle('Hoàn thành đúng hạn, bảo đảm chất lượng').last().click()
  await item.getByLabel('Mức độ hoàn thành').fill('100')
  await item.getByRole('button', { name: 'Lưu' }).click()
  await expect(item.getByText('Hoàn thành đúng hạn, bảo đảm chất lượng').first()).toBeVisible()
  await expect(page.getByTestId('completion-share')).toContainText('%')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'work')
})

test('the district head is refused over the A quota, adjusts, and publishes', async ({
  page,
  baseURL,
}, testInfo) => {
  const { district, raised } = await decidedMonth(baseURL!)
  await signIn(page, 'chutich.hk')
  await expect(page).toHaveURL(/\/$/)
  await page.goto(`/don-vi/${district}/tong-hop/${PERIOD}`)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('11/2026')
  await expect(page.getByText('Vượt chỉ tiêu loại A: cần xếp lại').first()).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'unit-summary')

  // Refused, with the group over the quota named.
  await page.getByRole('button', { name: 'Công khai kết quả' }).first().click()
  await page.getByRole('dialog').getByRole('button', { name: 'Công khai kết quả' }).click()
  const refusal = page.getByRole('alert').filter({ hasText: 'Chưa công khai được' })
  await expect(refusal).toBeVisible()
  await expect(refusal).toContainText(/chỉ tiêu/)

  // The head brings the extra A back to B, with a reason, one by one.
  for (const { name } of raised) {
    const row = page.getByRole('row').filter({ hasText: name })
    await row.getByRole('button', { name: 'Điều chỉnh' }).click()
    const dialog = page.getByRole('dialog', { name: `Điều chỉnh mức xếp loại của ${name}` })
    // With the keyboard: from the current A, one down is B.
    const rankBox = dialog.getByRole('combobox', { name: 'Mức xếp loại mới' })
    await rankBox.focus()
    await rankBox.press('ArrowDown')
    await rankBox.press('ArrowDown')
    await rankBox.press('Enter')
    await expect(dialog).toContainText('B – Hoàn thành tốt nhiệm vụ')
    await dialog.getByLabel('Lý do điều chỉnh').fill('Giữ trong chỉ tiêu loại A của nhóm')
    await dialog.getByRole('button', { name: 'Điều chỉnh' }).click()
    await expect(dialog).toBeHidden()
    await expect(row.getByTestId('qualified-a')).toBeVisible()
  }
  await expect(page.getByText('Vượt chỉ tiêu loại A: cần xếp lại')).toHaveCount(0)

  await page.getByRole('button', { name: 'Công khai kết quả' }).first().click()
  await page.getByRole('dialog').getByRole('button', { name: 'Công khai kết quả' }).click()
  await expect(page.getByText('Kết quả tháng này đã được công khai.')).toBeVisible()
})

test('a staff member sees the published results with ranks and downloads their PDF form @phone', async ({
  page,
  baseURL,
}, testInfo) => {
  const { names } = await publishedMonth(baseURL!)
  await openResults(page, 'vp.nv02')
  const rows = page.getByTestId('result-row')
  await expect(rows.filter({ hasText: names['vp.nv01'] })).toContainText('Hoàn thành xuất sắc nhiệm vụ')
  const mine = rows.filter({ hasText: names['vp.nv02'] })
  await expect(mine).toContainText('Hoàn thành tốt nhiệm vụ')
  await expect(mine).toContainText('80')
  // Staff neither edit the commendation list nor export the unit's summary.
  await expect(page.getByRole('button', { name: 'Lưu danh sách' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Tải bảng tổng hợp (XLSX)' })).toHaveCount(0)
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    mine.getByRole('button', { name: `Tải phiếu đánh giá của ${names['vp.nv02']} (PDF)` }).click(),
  ])
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/)
  expect(await firstBytes(pdf, 4)).toBe('%PDF')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'results')
})

test('the head edits the commendation list, sends it after confirming, and it becomes read-only; XLSX and PDF download', async ({
  page,
  baseURL,
}, testInfo) => {
  const { names } = await publishedMonth(baseURL!)
  await openResults(page, 'chutich.hk')
  const card = page.locator('.ant-card', {
    has: page.getByRole('heading', { name: 'Danh sách đề nghị khen thưởng' }),
  })
  // Drawn up at publication with the month's A.
  await expect(card.getByTestId('commendation-row')).toHaveCount(1)
  await card.getByLabel('Lý do đề nghị').first().fill('Hoàn thành xuất sắc nhiệm vụ tháng 11, vượt tiến độ')
  await card.getByRole('button', { name: 'Thêm người' }).click()
  // The list holds the whole district: type to find the person.
  await card.getByLabel('Người được đề nghị').last().fill(names['vp.nv02'])
  await page.getByTitle(new RegExp(`^${names['vp.nv02']} \\(B\\)$`)).click()
  await card.getByLabel('Lý do đề nghị').last().fill('Có sáng kiến cải tiến thủ tục hành chính')
  await expect(card.getByRole('button', { name: 'Gửi lên cấp trên' })).toBeDisabled()
  await card.getByRole('button', { name: 'Lưu danh sách' }).click()
  await expect(page.getByText('Đã lưu danh sách đề nghị khen thưởng.')).toBeVisible()

  await card.getByRole('button', { name: 'Gửi lên cấp trên' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toContainText('không thể sửa được nữa')
  await expectAccessible(page)
  await dialog.getByRole('button', { name: 'Gửi lên cấp trên' }).click()
  await expect(card.getByTestId('commendations-sent')).toBeVisible()
  await expect(card.getByRole('button', { name: 'Lưu danh sách' })).toHaveCount(0)
  await expect(card.getByRole('button', { name: 'Gửi lên cấp trên' })).toHaveCount(0)
  await expect(card.getByTestId('commendations-list')).toContainText(names['vp.nv01'])
  await expect(card.getByTestId('commendations-list')).toContainText(
    'Có sáng kiến cải tiến thủ tục hành chính',
  )
  await page.reload()
  await expect(card.getByTestId('commendations-sent')).toBeVisible()

  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tải bảng tổng hợp (XLSX)' }).click(),
  ])
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/)
  expect(await firstBytes(xlsx, 2)).toBe('PK')
  const row = page.getByTestId('result-row').filter({ hasText: names['vp.nv01'] })
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('button', { name: /PDF/ }).click(),
  ])
  expect(await firstBytes(pdf, 4)).toBe('%PDF')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'results-head')
})

/** Clicks an option of the select list open now (antd keeps closed lists in the page). */
async function chooseOption(page: Page, title: string) {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
  await open.getByTitle(title, { exact: true }).click()
  // Closed before the next list opens.
  await expect(open).toHaveCount(0)
}

/** The text of a PDF, as pdftotext (Debian's poppler-utils, as scripts/check-exports) reads it. */
function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
}

/** Opens an XLSX with openpyxl (the Python of scripts/check-exports): its first sheet's rows as text. */
function openpyxlRows(path: string): string[][] {
  const python =
    process.env.OPENPYXL_PYTHON ??
    fileURLToPath(new URL('../../target/check-exports-venv/bin/python', import.meta.url))
  const script = [
    'import json, sys, openpyxl',
    'book = openpyxl.load_workbook(sys.argv[1])',
    'sheet = book.worksheets[0]',
    'print(json.dumps([["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]))',
  ].join('\n')
  return JSON.parse(execFileSync(python, ['-c', script, path], { encoding: 'utf8' })) as string[][]
}

test('a bloc administrator filters the published ranks, sees the chart and downloads an XLSX that openpyxl opens', async ({
  page,
  baseURL,
}, testInfo) => {
  await publishedMonth(baseURL!)
  await signIn(page, 'sonoivu')
  await page.getByRole('link', { name: 'Báo cáo, thống kê' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Báo cáo, thống kê' })).toBeVisible()
  await expect(page.getByText('Chọn một đơn vị để xem thống kê.')).toBeVisible()

  // The district, found by typing; by sub-unit first.
  await page.getByLabel('Đơn vị', { exact: true }).fill('Hoàn Kiếm')
  await chooseOption(page, 'UBND quận Hoàn Kiếm (HK)')
  const table = page.getByTestId('rank-table')
  await expect(table.getByRole('row', { name: /Văn phòng HĐND và UBND quận/ })).toBeVisible()
  await expect(page.getByTestId('chart').locator('svg')).toBeVisible()
  await expect(page.getByTestId('chart')).toHaveAttribute('aria-label', /Văn phòng HĐND và UBND quận: A/)

  // Filtered: November only, by post category.
  await page.getByLabel('Thống kê theo').click()
  await chooseOption(page, 'Loại chức vụ')
  await page.getByLabel('Từ tháng').click()
  await chooseOption(page, '11/2026')
  await page.getByLabel('Đến tháng').click()
  await chooseOption(page, '11/2026')
  await expect(table.getByRole('row', { name: /^Công chức, viên chức/ })).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'reports')

  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tải tệp Excel (XLSX)' }).click(),
  ])
  expect(xlsx.suggestedFilename()).toMatch(/^thong-ke-xep-loai-HK-2026-11-2026-11\.xlsx$/)
  // openpyxl goes by the file's extension.
  const saved = testInfo.outputPath(xlsx.suggestedFilename())
  await xlsx.saveAs(saved)
  const rows = openpyxlRows(saved)
  expect(rows[1][0]).toBe('Đơn vị: UBND quận Hoàn Kiếm')
  expect(rows[5].slice(0, 3)).toEqual(['Nhóm', 'Tổng số', 'Hoàn thành xuất sắc (A)'])
  expect(rows[2][0]).toBe('Theo loại chức vụ · Tháng 11/2026')
  // The file holds what the page shows.
  const staff = rows.find((r) => r[0] === 'Công chức, viên chức')
  expect(staff, JSON.stringify(rows)).toBeTruthy()
  expect(Number(staff![1])).toBeGreaterThan(0)
  const shown = table.getByRole('row', { name: /^Công chức, viên chức/ })
  await expect(shown.getByRole('cell').nth(1)).toHaveText(new RegExp(`^${staff![2]} \\(`))
  await expect(shown.getByRole('cell').nth(5)).toHaveText(staff![1])
})

test('an aggregator searches the month with filters and exports the result in the background', async ({
  page,
  baseURL,
}, testInfo) => {
  const { names } = await publishedMonth(baseURL!)
  await signIn(page, 'tonghop.hk')
  await page.getByRole('link', { name: 'Báo cáo, thống kê' }).click()
  await page.getByRole('link', { name: 'Tra cứu phiếu đánh giá' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Tra cứu phiếu đánh giá' })).toBeVisible()

  // November's A of the district.
  await page.getByLabel('Đơn vị', { exact: true }).fill('Hoàn Kiếm')
  await chooseOption(page, 'UBND quận Hoàn Kiếm (HK)')
  await page.getByLabel('Mức xếp loại', { exact: true }).click()
  await chooseOption(page, 'A')
  await page.getByRole('button', { name: 'Tìm', exact: true }).click()
  const results = page.getByTestId('search-results')
  await expect(results.getByRole('row', { name: new RegExp(names['vp.nv01']) })).toBeVisible()
  const found = await results.locator('tbody > tr.ant-table-row').count()
  expect(found).toBeGreaterThanOrEqual(1)
  await expect(page.getByText(`Tìm thấy ${found} phiếu`)).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'search')

  // The whole result as XLSX, written in the background with its progress.
  await page.getByRole('button', { name: 'Xuất Excel (XLSX)' }).click()
  const job = page.getByTestId('export-job')
  await expect(job.getByRole('status')).toHaveText(`Đã xuất xong ${found} dòng.`, { timeout: 30_000 })
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    job.getByRole('button', { name: /^Tải / }).click(),
  ])
  const saved = testInfo.outputPath(xlsx.suggestedFilename())
  await xlsx.saveAs(saved)
  const rows = openpyxlRows(saved)
  expect(
    rows.some((r) => r.includes(names['vp.nv01'])),
    JSON.stringify(rows),
  ).toBe(true)
  await expectAccessible(page)

  // The same result as a PDF list to print.
  await page.getByRole('button', { name: 'Xuất PDF để in' }).click()
  // The new job's link names its file (the finished XLSX job shows the same count).
  const pdfLink = job.getByRole('button', { name: /^Tải .*\.pdf$/ })
  await expect(pdfLink).toBeVisible({ timeout: 30_000 })
  await expect(job.getByRole('status')).toHaveText(`Đã xuất xong ${found} dòng.`)
  const [pdf] = await Promise.all([page.waitForEvent('download'), pdfLink.click()])
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/)
  const pdfPath = testInfo.outputPath(pdf.suggestedFilename())
  await pdf.saveAs(pdfPath)
  const text = pdfText(pdfPath)
  expect(text).toContain('DANH SÁCH PHIẾU ĐÁNH GIÁ, XẾP LOẠI HẰNG THÁNG THEO KẾT QUẢ TÌM KIẾM')
  expect(text).toContain(`Tổng số: ${found} phiếu.`)
  // Issued by the unit of the aggregator's role (not by its holder's department).
  expect(text).toContain('UBND QUẬN HOÀN KIẾM')
  expect(text).toContain('Xuất bởi tài khoản tonghop.hk')

  // The district's yearly results so far, and their PDF to sign.
  await page.goto('/bao-cao')
  await page.getByRole('link', { name: 'Kết quả cả năm' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Kết quả xếp loại cả năm' })).toBeVisible()
  await page.getByLabel('Đơn vị', { exact: true }).fill('Hoàn Kiếm')
  await chooseOption(page, 'UBND quận Hoàn Kiếm (HK)')
  const year = page.getByTestId('year-table')
  const first = year.getByRole('row', { name: new RegExp(names['vp.nv01']) })
  await expect(first).toBeVisible()
  await expect(first.getByRole('cell').nth(2)).toHaveText('1')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'yearly')
  const [yearly] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tải PDF để ký' }).click(),
  ])
  expect(yearly.suggestedFilename()).toBe('ket-qua-nam-2026-HK.pdf')
  const yearlyPath = testInfo.outputPath(yearly.suggestedFilename())
  await yearly.saveAs(yearlyPath)
  const yearlyText = pdfText(yearlyPath)
  expect(yearlyText).toContain('DANH SÁCH KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2026')
  expect(yearlyText).toContain(names['vp.nv01'])
})

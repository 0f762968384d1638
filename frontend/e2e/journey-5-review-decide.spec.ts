// Journey 5: review and decide (Điều 12.2–12.3, 13) in Phòng Nội vụ: its staff (nv.nv01…nv03)
// are decided by the head (truongphong.nv) with no reviewer (checked below through
// GET /people/{id}/evaluation-chain). Self-assessments are set up over REST; in the browser the
// head returns one with a reason, decides the others, sees the district's quota meter go over
// the A quota and back within it by ranking "đủ điều kiện A, xếp B do chỉ tiêu".
import type { Page } from '@playwright/test'
import { expect, expectAccessible, PERIOD, restAs, screenshot, signIn, test, type Rest } from './fixtures'

type Mine = {
  id: string
  person: { id: string; full_name: string }
  state: string
  rank_final?: string | null
}

async function selfAssess(rest: Rest, points: Record<string, number>): Promise<Mine> {
  const mine = await rest.get<Mine>(`/evaluations/mine?period=${PERIOD}`)
  const scores = Object.entries(points).map(([criterion_id, p]) => ({ criterion_id, points: p }))
  const saved = await rest.send(
    'PUT',
    `/evaluations/${mine.body.id}/self`,
    { scores, comment: 'Tự đánh giá' },
    {
      'If-Match': mine.etag!,
    },
  )
  expect(saved.status).toBe(200)
  const sent = await rest.send('POST', `/evaluations/${mine.body.id}/submit`, undefined, {
    'If-Match': saved.etag!,
  })
  expect(sent.status).toBe(200)
  return mine.body
}

async function openFromQueue(page: Page, name: string) {
  await page.goto('/xu-ly')
  await page.getByRole('link', { name, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Phiếu đánh giá của ${name}` })).toBeVisible()
}

test('the head returns one evaluation, decides the others and keeps the A quota', async ({
  page,
  baseURL,
}, testInfo) => {
  const head = await restAs(baseURL!, 'truongphong.nv')
  const staff = await Promise.all(['nv.nv01', 'nv.nv02', 'nv.nv03'].map((u) => restAs(baseURL!, u)))
  const headId = (await head.get<{ person: { id: string } }>('/me')).body.person.id
  const [excellent, good, toReturn] = [
    await selfAssess(staff[0], { 'I.1': 10, 'I.2': 10, 'II.1': 20, 'II.2': 45, III: 10 }),
    await selfAssess(staff[1], { 'I.1': 8, 'I.2': 8, 'II.1': 16, 'II.2': 40, III: 8 }),
    await selfAssess(staff[2], { 'I.1': 7, 'I.2': 8, 'II.1': 15, 'II.2': 40 }),
  ]
  // Who decides, as the operator reads it: the head, with no reviewer.
  const operator = await restAs(baseURL!, 'quantri')
  for (const e of [excellent, good, toReturn]) {
    const chain = await operator.get<{ reviewer?: { id: string } | null; decider: { id: string } }>(
      `/people/${e.person.id}/evaluation-chain?period=${PERIOD}`,
    )
    expect(chain.status, JSON.stringify(chain.body)).toBe(200)
    expect(chain.body.decider.id).toBe(headId)
    expect(chain.body.reviewer ?? null).toBeNull()
  }

  await signIn(page, 'truongphong.nv')
  await expect(page.getByTestId('signed-in-as')).toBeVisible()
  await page.goto('/xu-ly')
  await expect(
    page.getByRole('heading', { level: 1, name: 'Đánh giá, xếp loại tháng 11/2026' }),
  ).toBeVisible()
  for (const e of [excellent, good, toReturn])
    await expect(page.getByRole('link', { name: e.person.full_name })).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'review-queue')

  // Return one, with a required reason.
  await openFromQueue(page, toReturn.person.full_name)
  await expect(page.getByText('Bạn là người quyết định xếp loại phiếu này.')).toBeVisible()
  await page.getByRole('button', { name: 'Trả lại' }).click()
  const returnDialog = page.getByRole('dialog', { name: 'Trả lại phiếu cho người tự đánh giá' })
  await returnDialog.getByRole('button', { name: 'Trả lại' }).click()
  await expect(returnDialog.getByText('Vui lòng ghi lý do trả lại.')).toBeVisible()
  await returnDialog.getByLabel('Lý do').fill('Chưa kèm báo cáo kết quả công việc của tháng.')
  await returnDialog.getByRole('button', { name: 'Trả lại' }).click()
  await expect(page.getByText('Đã trả lại phiếu.')).toBeVisible()
  const returned = await staff[2].get<Mine>(`/evaluations/mine?period=${PERIOD}`)
  expect(returned.body.state).toBe('draft')

  // Decide the excellent one: the decider's column starts from the self-assessment (95, A).
  await openFromQueue(page, excellent.person.full_name)
  await expect(page.getByTestId('total-decider')).toContainText('95')
  await expect(page.getByTestId('rank-decider')).toHaveAttribute('data-rank', 'A')
  await page
    .getByLabel('Ý kiến của người quyết định xếp loại')
    .fill('Hoàn thành xuất sắc nhiệm vụ được giao.')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'review-decide')
  await page.getByRole('button', { name: 'Quyết định xếp loại' }).click()
  await page
    .getByRole('dialog', { name: `Quyết định xếp loại ${excellent.person.full_name}?` })
    .getByRole('button', { name: 'Quyết định xếp loại' })
    .click()
  await expect(page.getByText('Đã xếp loại').first()).toBeVisible()
  expect((await staff[0].get<Mine>(`/evaluations/mine?period=${PERIOD}`)).body.rank_final).toBe('A')

  // Decide the good one with a lower score typed over the copied one.
  await openFromQueue(page, good.person.full_name)
  await page.getByLabel('Người quyết định: tiêu chí II.2', { exact: true }).fill('38')
  await expect(page.getByTestId('total-decider')).toContainText('78')
  await page.getByRole('button', { name: 'Quyết định xếp loại' }).click()
  await page
    .getByRole('dialog', { name: `Quyết định xếp loại ${good.person.full_name}?` })
    .getByRole('button', { name: 'Quyết định xếp loại' })
    .click()
  await expect(page.getByText('Đã xếp loại').first()).toBeVisible()

  // The district's month: one A for one B is over the A quota (⌊20% × 1⌋ = 0).
  await page.goto('/xu-ly')
  await page.getByTestId('summary-link').first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Tổng hợp kết quả tháng 11/2026' })).toBeVisible()
  const group = page.getByTestId('quota-group').filter({ hasText: excellent.person.full_name })
  await expect(group.getByTestId('quota-meter')).toContainText('Đã xếp A: 1 / tối đa 0')
  await expect(group.getByText('Vượt chỉ tiêu loại A')).toBeVisible()
  await expectAccessible(page)
  // Groups with nobody the head acts on say so (the head sees only their own people's rows).
  await expect(
    page.getByText('Không có ai trong nhóm này do bạn nhận xét, đánh giá hoặc quyết định xếp loại.').first(),
  ).toBeVisible()
  await screenshot(page, testInfo, 'unit-summary-over-quota')

  // Qualified for A, ranked B by the quota: back within it.
  await openFromQueue(page, excellent.person.full_name)
  await page.getByLabel('Mức xếp loại quyết định').click()
  await page.locator('.ant-select-item-option', { hasText: 'B – Hoàn thành tốt nhiệm vụ' }).click()
  await expect(page.getByText('Đủ điều kiện A, xếp B do chỉ tiêu')).toBeVisible()
  await page.getByRole('button', { name: 'Quyết định xếp loại' }).click()
  await page
    .getByRole('dialog', { name: `Quyết định xếp loại ${excellent.person.full_name}?` })
    .getByRole('button', { name: 'Quyết định xếp loại' })
    .click()
  await expect(page.getByText('Đã xếp loại').first()).toBeVisible()
  await page.goto('/xu-ly')
  await page.getByTestId('summary-link').first().click()
  const after = page.getByTestId('quota-group').filter({ hasText: excellent.person.full_name })
  await expect(after.getByTestId('quota-meter')).toContainText('Đã xếp A: 0')
  await expect(after.getByTestId('qualified-a')).toBeVisible()
  await screenshot(page, testInfo, 'unit-summary-within-quota')
})

test('the deputy reviews: copies the self column, autosaves and sends to the decider @phone', async ({
  page,
  baseURL,
}, testInfo) => {
  // qldt.nv06 and nv07 are among the staff phophong1.qldt is in charge of (the demo), who
  // reviews them: one for the desktop run, one for the phone run.
  const person = await restAs(baseURL!, testInfo.project.name === 'phone' ? 'qldt.nv07' : 'qldt.nv06')
  const evaluation = await selfAssess(person, { 'I.1': 9, 'I.2': 9, 'II.1': 18, 'II.2': 40, III: 8 })
  const chain = await person.get<{ reviewer?: { id: string } | null }>(
    `/people/${evaluation.person.id}/evaluation-chain?period=${PERIOD}`,
  )
  const deputy = await restAs(baseURL!, 'phophong1.qldt')
  const deputyId = (await deputy.get<{ person: { id: string } }>('/me')).body.person.id
  expect(chain.body.reviewer?.id).toBe(deputyId)

  await signIn(page, 'phophong1.qldt')
  await expect(page).toHaveURL(/\/$/)
  await openFromQueue(page, evaluation.person.full_name)
  await expect(page.getByText('Bạn là người nhận xét, đánh giá phiếu này.')).toBeVisible()
  await page.getByRole('button', { name: 'Lấy điểm của cột “Tự đánh giá”' }).click()
  await expect(page.getByText(/Đã lưu lúc/)).toBeVisible({ timeout: 15_000 })
  await expectAccessible(page)
  await screenshot(page, testInfo, 'review-act')

  await page.getByRole('button', { name: 'Gửi nhận xét, đánh giá' }).click()
  const dialog = page.getByRole('dialog', { name: 'Gửi nhận xét, đánh giá cho người quyết định?' })
  // The journeys ask for reduced motion (playwright.config.ts): the dialog opens without a zoom.
  await expect(dialog).toBeVisible()
  expect(await dialog.getAttribute('class')).not.toContain('ant-zoom')
  await expect(dialog).toContainText('84')
  await dialog.getByRole('button', { name: 'Xác nhận' }).click()
  await expect(dialog).toBeHidden()

  // On the server: reviewed, with the reviewer's column as copied.
  const after = await deputy.get<{ state: string; totals: { reviewer?: number | null } }>(
    `/evaluations/${evaluation.id}`,
  )
  expect(after.body.state).toBe('reviewed')
  expect(after.body.totals.reviewer).toBe(84)
})

// Journey 4: my evaluation (Điều 12.1) for staff of Phòng Quản lý đô thị (qldt.nv01…nv05 only):
// live total and rank while typing, autosave that survives a reload, a conflict with both
// versions, sending with a confirmation, then read-only; a closed window explained.
import { expect, expectAccessible, PERIOD, restAs, screenshot, signIn, test } from './fixtures'
import type { Page } from '@playwright/test'

const score = (page: Page, id: string) => page.getByLabel(`Tự đánh giá: tiêu chí ${id}`, { exact: true })

async function openMine(page: Page) {
  await page.getByRole('link', { name: 'Tự đánh giá' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Tự đánh giá tháng 11/2026' })).toBeVisible()
}

test('self-assessment: live total and rank, autosave across a reload, send with confirmation @phone', async ({
  page,
  baseURL,
}, testInfo) => {
  // Each project sends its own person's form (sending cannot be undone).
  const username = testInfo.project.name === 'phone' ? 'qldt.nv02' : 'qldt.nv01'
  await signIn(page, username)
  if (testInfo.project.name === 'phone') {
    // On a phone the menu is a drawer.
    await page.getByRole('button', { name: 'Mở danh mục' }).click()
    await page.getByRole('dialog').getByRole('link', { name: 'Tự đánh giá' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Tự đánh giá tháng 11/2026' })).toBeVisible()
  } else await openMine(page)
  await expect(page.getByText('Đang soạn').first()).toBeVisible()
  // The chain: Phòng Quản lý đô thị has a deputy who reviews and the head who decides.
  await expect(page.getByText('Người nhận xét, đánh giá')).toBeVisible()
  await expect(page.getByText(/Trưởng phòng/).first()).toBeVisible()

  await score(page, 'I.1').fill('9')
  await score(page, 'I.2').fill('9')
  await score(page, 'II.1').fill('18')
  await score(page, 'II.2').fill('45')
  await expect(page.getByTestId('total-self')).toContainText('81')
  await expect(page.getByTestId('rank-self')).toHaveAttribute('data-rank', 'B')
  await score(page, 'III').fill('9')
  await expect(page.getByTestId('total-self')).toContainText('90')
  await expect(page.getByTestId('rank-self')).toHaveAttribute('data-rank', 'A')

  // Above the maximum: the error beside the field, and sending is held back.
  await score(page, 'I.1').fill('12')
  await expect(page.getByText('Điểm không được vượt quá điểm tối đa 10.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Gửi tự đánh giá' })).toBeDisabled()
  await score(page, 'I.1').fill('9,5')
  await page
    .getByLabel('Tự nhận xét ưu điểm, hạn chế trong tháng')
    .fill('Hoàn thành đúng hạn các hồ sơ cấp phép.')
  await expect(page.getByTestId('save-status')).toContainText(/Đã lưu lúc \d\d:\d\d/, { timeout: 15_000 })
  await expectAccessible(page)
  await screenshot(page, testInfo, 'my-evaluation-draft')

  // The draft is on the server: a reload shows it.
  await page.reload()
  await expect(score(page, 'I.1')).toHaveValue('9.5')
  await expect(score(page, 'III')).toHaveValue('9')
  await expect(page.getByTestId('total-self')).toContainText('90,5')
  const rest = await restAs(baseURL!, username)
  const saved = await rest.get<{ scores: { criterion_id: string; self?: number }[] }>(
    `/evaluations/mine?period=${PERIOD}`,
  )
  expect(saved.body.scores.find((s) => s.criterion_id === 'I.1')?.self).toBe(9.5)

  // Send, after a confirmation; then read-only.
  await page.getByRole('button', { name: 'Gửi tự đánh giá' }).click()
  const dialog = page.getByRole('dialog', { name: 'Gửi phiếu tự đánh giá?' })
  await expect(dialog).toContainText('90,5')
  await dialog.getByRole('button', { name: 'Gửi' }).click()
  await expect(page.getByText('Đã gửi tự đánh giá').first()).toBeVisible()
  await expect(score(page, 'I.1')).toHaveCount(0)
  await expect(page.getByTestId('value-self-I.1')).toHaveText('9,5')
  await expect(page.getByRole('button', { name: 'Gửi tự đánh giá' })).toHaveCount(0)
  // My months: this one, now sent.
  const history = page.getByRole('region', { name: 'Các tháng trước' })
  await expect(history.getByRole('row', { name: /11\/2026/ })).toContainText('Đã gửi tự đánh giá')
  const sent = await rest.get<{ state: string }>(`/evaluations/mine?period=${PERIOD}`)
  expect(sent.body.state).toBe('self_submitted')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'my-evaluation-sent')
})

test('a conflicting save shows both versions and keeping mine wins', async ({ page, baseURL }, testInfo) => {
  const username = 'qldt.nv03'
  await signIn(page, username)
  await openMine(page)
  await score(page, 'I.1').fill('7')
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc', { timeout: 15_000 })

  // Meanwhile the same evaluation is changed elsewhere (another window, over REST).
  const rest = await restAs(baseURL!, username)
  const current = await rest.get<{ id: string }>(`/evaluations/mine?period=${PERIOD}`)
  const other = await rest.send(
    'PUT',
    `/evaluations/${current.body.id}/self`,
    { scores: [{ criterion_id: 'I.1', points: 3 }], comment: 'Sửa từ máy khác' },
    { 'If-Match': current.etag! },
  )
  expect(other.status).toBe(200)

  await score(page, 'I.2').fill('8')
  const dialog = page.getByRole('dialog', { name: 'Phiếu vừa được thay đổi ở nơi khác' })
  await expect(dialog).toBeVisible({ timeout: 15_000 })
  await expect(dialog.getByTestId('conflict-mine').getByTestId('value-self-I.1')).toHaveText('7')
  await expect(dialog.getByTestId('conflict-mine').getByTestId('value-self-I.2')).toHaveText('8')
  await expect(dialog.getByTestId('conflict-theirs').getByTestId('value-self-I.1')).toHaveText('3')
  await expect(dialog.getByTestId('conflict-theirs')).toContainText('Sửa từ máy khác')
  await screenshot(page, testInfo, 'my-evaluation-conflict')
  await dialog.getByRole('button', { name: 'Giữ bản của tôi' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc', { timeout: 15_000 })

  const after = await rest.get<{ scores: { criterion_id: string; self?: number }[] }>(
    `/evaluations/mine?period=${PERIOD}`,
  )
  const self = Object.fromEntries(after.body.scores.map((s) => [s.criterion_id, s.self]))
  expect(self).toMatchObject({ 'I.1': 7, 'I.2': 8 })
})

test('a month whose window has closed is explained with its dates', async ({ page }, testInfo) => {
  await signIn(page, 'qldt.nv04')
  await expect(page.getByTestId('signed-in-as')).toBeVisible()
  await page.goto('/danh-gia/2026-10')
  await expect(page.getByRole('heading', { level: 1, name: 'Tự đánh giá tháng 10/2026' })).toBeVisible()
  await score(page, 'I.1').fill('8')
  await score(page, 'I.1').blur()
  const alert = page.getByRole('alert').filter({ hasText: 'Ngoài thời hạn tự đánh giá' })
  await expect(alert).toBeVisible({ timeout: 15_000 })
  await expect(alert).toContainText('Thời hạn tự đánh giá tháng 10/2026: từ')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'my-evaluation-window-closed')
})

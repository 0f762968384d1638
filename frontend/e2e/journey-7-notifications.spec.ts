// Journey 7 (Điều 5.4): the alerts of the month reach the person in the app. The server's
// scheduler computes them from the rules clock (21 November: the self-assessment window is open,
// the month's plan was due on the 5th); the bell shows how many are unread, the list opens what
// each is about and marks it read, and the person chooses how to be notified.
// People: qldt.nv08 on desktop, qldt.nv09 on the phone (civil servants of the department of 22).
import { PERIOD, expect, expectAccessible, restAs, screenshot, signIn, test } from './fixtures'

test('the bell counts new alerts; the list opens what they are about and marks them read @phone', async ({
  page,
  baseURL,
}, testInfo) => {
  const WHO = testInfo.project.name === 'phone' ? 'qldt.nv09' : 'qldt.nv08'
  const rest = await restAs(baseURL!, WHO)
  // The scheduler ticks every two seconds: wait for this month's alerts.
  await expect
    .poll(async () => (await rest.get<{ unread: number }>('/notifications/unread-count')).body.unread, {
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(1)
  const unread = (await rest.get<{ unread: number }>('/notifications/unread-count')).body.unread

  await signIn(page, WHO)
  const bell = page.getByTestId('notification-bell')
  await expect(bell).toHaveAccessibleName(`Thông báo, ${unread} thông báo chưa đọc`)
  await bell.click()
  await expect(page).toHaveURL(/\/thong-bao$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Thông báo' })).toBeVisible()
  const [year, month] = PERIOD.split('-')
  const opened = page
    .getByTestId('notification')
    .filter({ hasText: `Đã mở tự đánh giá tháng ${month}/${year}` })
  await expect(opened).toBeVisible()
  await expect(opened.getByText('Chưa đọc')).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'notifications')

  // Opening one shows what it is about and marks it read.
  await opened.getByRole('button', { name: /^Xem:/ }).click()
  await expect(page).toHaveURL(new RegExp(`/danh-gia/${PERIOD}$`))
  await expect(bell).toHaveAccessibleName(
    unread - 1 > 0 ? `Thông báo, ${unread - 1} thông báo chưa đọc` : 'Thông báo',
  )

  // All read: the bell has no number left.
  await bell.click()
  await page.getByRole('button', { name: 'Đánh dấu tất cả là đã đọc' }).click()
  await expect(page.getByText(/Đã đánh dấu \d+ thông báo là đã đọc\./)).toBeVisible()
  await expect(bell).toHaveAccessibleName('Thông báo')
  await expect(page.getByRole('button', { name: 'Đánh dấu tất cả là đã đọc' })).toBeDisabled()

  // No e-mail, please: saved for the next alerts.
  await page.getByRole('switch', { name: 'Qua thư điện tử (đến địa chỉ trong hồ sơ của đồng chí)' }).click()
  await expect(page.getByText('Đã lưu cách nhận thông báo.')).toBeVisible()
  const saved = await rest.get<{ in_app: boolean; email: boolean }>('/me/notification-preferences')
  expect(saved.body).toEqual({ in_app: true, email: false })
})

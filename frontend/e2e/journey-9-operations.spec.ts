// Journey 9 (issue 14, integration): the operator (quantri) adds a service client whose secret,
// shown once, obtains a token; subscribes it to events; runs a scheduled job now and sees its
// run; makes a backup and verifies it by a restore; verifies the audit trail and filters it.
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures'

test('the operator adds a service client and a webhook, runs a job, backs up and verifies, and checks the audit trail', async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000)
  await signIn(page, 'quantri')
  await page.getByRole('link', { name: 'Kết nối, vận hành' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Kết nối, vận hành' })).toBeVisible()

  // A service client: its secret is shown once, and it obtains a token.
  await page.getByRole('button', { name: 'Thêm ứng dụng kết nối' }).click()
  const dialog = page.getByRole('dialog', { name: 'Thêm ứng dụng kết nối' })
  await dialog.getByLabel('Tên ứng dụng').fill('Phần mềm quản lý cán bộ (thử nghiệm)')
  await dialog.getByLabel('Mã ứng dụng (client_id)').fill('hrm-thu-nghiem')
  await dialog.getByRole('checkbox', { name: 'Đọc kết quả' }).check()
  await dialog.getByRole('button', { name: 'Lưu' }).click()
  const secretDialog = page.getByRole('dialog', {
    name: 'Khóa bí mật của Phần mềm quản lý cán bộ (thử nghiệm)',
  })
  await expect(secretDialog.getByText('Khóa này chỉ hiện một lần', { exact: false })).toBeVisible()
  const secret = (await secretDialog.getByTestId('shown-once').textContent())!.trim()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'client-secret')
  const token = await fetch(`${baseURL}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_id: 'hrm-thu-nghiem', client_secret: secret }),
  })
  expect(token.status).toBe(200)
  await secretDialog.getByRole('button', { name: 'Đóng' }).last().click()
  await expect(secretDialog).toBeHidden()
  await expect(page.getByRole('cell', { name: 'hrm-thu-nghiem' })).toBeVisible()
  await expect(page.getByRole('row', { name: /hrm-thu-nghiem/ })).toContainText(
    'Đọc tổ chức, Đọc kết quảĐang hoạt động',
  )

  // A webhook on every event: its signing secret is shown once too; nothing delivered yet.
  await page.getByLabel('Địa chỉ nhận (URL)').fill('http://127.0.0.1:9/hooks/danhgia')
  await page.getByRole('button', { name: 'Đăng ký webhook' }).click()
  const hookSecret = page.getByRole('dialog', {
    name: 'Khóa bí mật của Phần mềm quản lý cán bộ (thử nghiệm)',
  })
  await expect(hookSecret.getByTestId('shown-once')).toHaveText(/\S{16,}/)
  await hookSecret.getByRole('button', { name: 'Đóng' }).last().click()
  const webhooks = page.getByTestId('webhooks')
  await expect(webhooks).toContainText('http://127.0.0.1:9/hooks/danhgia')
  await expect(webhooks).toContainText('Đơn vị công khai kết quả')
  await expect(webhooks).toContainText('Chưa gửi sự kiện nào.')
  await expectAccessible(page)

  // A job made due now runs on the next tick (every 2 s on this server).
  await page.getByRole('tab', { name: 'Tác vụ định kỳ' }).click()
  const stats = page.getByTestId('jobs').getByRole('row', { name: /^Tính lại thống kê/ })
  await page.getByRole('button', { name: 'Chạy ngay: Tính lại thống kê' }).click()
  await expect(page.getByText('Đã đặt tác vụ Tính lại thống kê chạy ngay.')).toBeVisible()
  await expect(stats).toContainText('Thành công', { timeout: 30_000 })
  await expectAccessible(page)
  await screenshot(page, testInfo, 'jobs')

  // A backup now, then verified by a restore into a scratch database.
  await page.getByRole('tab', { name: 'Sao lưu' }).click()
  await page.getByRole('button', { name: 'Sao lưu ngay' }).click()
  await expect(page.getByText(/^Đã sao lưu: /)).toBeVisible({ timeout: 60_000 })
  const backup = page.getByTestId('backups').getByRole('row').nth(1)
  await expect(backup).toContainText('Đã ghi, chưa kiểm tra')
  await backup.getByRole('button', { name: 'Kiểm tra khôi phục' }).click()
  await expect(page.getByText('Bản sao lưu khôi phục được và khớp với bản kê.')).toBeVisible({
    timeout: 90_000,
  })
  await expect(backup).toContainText('Đã kiểm tra khôi phục')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'backups')

  // The audit trail: intact, and the client's creation in it.
  await page.getByRole('tab', { name: 'Nhật ký hệ thống' }).click()
  await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click()
  await expect(page.getByRole('status')).toContainText(/Nhật ký toàn vẹn: đã kiểm tra \d+ dòng/)
  await page.getByLabel('Đối tượng', { exact: true }).fill('service_client')
  await page.getByRole('button', { name: 'Lọc' }).click()
  await expect(page.getByTestId('audit').getByRole('row').nth(1)).toContainText('service_client')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'audit')
})

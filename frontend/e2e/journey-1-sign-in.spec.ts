// Journey 1: sign in, forced password change, sign out, silent refresh (one at a time), and
// signing in again in place without losing what was typed. Also the sign-in page's weight.
import { gzipSync } from 'node:zlib'
import {
  DEMO_PASSWORD,
  SHORT_SESSION_URL,
  expect,
  expectAccessible,
  restAs,
  screenshot,
  signIn,
  test,
} from './fixtures'

test('sign in, see who I am, sign out; a wrong password is explained @phone', async ({ page }, testInfo) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/dang-nhap$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Đăng nhập' })).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'sign-in')

  await signIn(page, 'qldt.nv10', 'sai-mat-khau-123')
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('Tên đăng nhập hoặc mật khẩu không đúng')
  await expect(page).toHaveURL(/\/dang-nhap$/)

  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  if (testInfo.project.name === 'phone') {
    // On a phone the menu is a drawer behind the menu button.
    await page.getByRole('button', { name: 'Mở danh mục' }).click()
  }
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Tự đánh giá' })).toBeVisible()
  if (testInfo.project.name === 'phone') await page.keyboard.press('Escape')

  await page.getByRole('button', { name: 'Đăng xuất' }).click()
  await expect(page).toHaveURL(/\/dang-nhap$/)
  await page.goto('/danh-gia')
  await expect(page).toHaveURL(/\/dang-nhap$/)
})

test('a new account must change its one-time password before anything else @phone', async ({
  page,
  baseURL,
}, testInfo) => {
  const admin = await restAs(baseURL!, 'quantri.hk')
  const units = await admin.get<{ items: { id: string; code: string }[] }>('/units?limit=100')
  const nv = units.body.items.find((u) => u.code === 'HK-NV')!
  const stamp = `${Date.now() % 1_000_000}`
  const person = await admin.send<{ id: string }>('POST', '/people', {
    full_name: 'Lê Thị Thu Hằng',
    unit_id: nv.id,
    position: { category: 'staff', title: 'Chuyên viên', form_code: 15 },
  })
  expect(person.status).toBe(201)
  const account = await admin.send<{ one_time_password: string }>('POST', '/accounts', {
    username: `hang.${stamp}`,
    person_id: person.body.id,
  })
  expect(account.status).toBe(201)

  await signIn(page, `hang.${stamp}`, account.body.one_time_password)
  await expect(page).toHaveURL(/\/doi-mat-khau$/)
  await expect(page.getByText('Đây là lần đăng nhập đầu tiên')).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'change-password')

  // Nothing else is reachable until the password is changed.
  await page.goto('/danh-gia')
  await expect(page).toHaveURL(/\/doi-mat-khau$/)

  // The server's rule (letters and digits) is shown beside the field, in Vietnamese.
  await page.getByLabel('Mật khẩu hiện tại').fill(account.body.one_time_password)
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('chicochuthoi')
  await page.getByLabel('Nhập lại mật khẩu mới').fill('chicochuthoi')
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click()
  const newPasswordItem = page
    .locator('.ant-form-item')
    .filter({ has: page.getByLabel('Mật khẩu mới', { exact: true }) })
  await expect(newPasswordItem.locator('.ant-form-item-explain-error')).toContainText(
    /chữ và số|chữ cái và chữ số|số/,
  )

  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('MatKhauMoi2026')
  await page.getByLabel('Nhập lại mật khẩu mới').fill('MatKhauMoi2026')
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click()
  await expect(page).toHaveURL(/\/$/)

  // The new password signs in without the forced change.
  await page.getByRole('button', { name: 'Đăng xuất' }).click()
  await signIn(page, `hang.${stamp}`, 'MatKhauMoi2026')
  await expect(page).toHaveURL(/\/$/)
})

test('expired access tokens are refreshed silently, one refresh at a time', async ({ page }) => {
  test.setTimeout(60_000)
  const refreshes: number[] = []
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/auth/refresh')) refreshes.push(Date.now())
  })
  await page.goto(`${SHORT_SESSION_URL}/dang-nhap`)
  await page.getByLabel('Tên đăng nhập').fill('qldt.nv11')
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(page).toHaveURL(/\/$/)

  // Past the token's life (5 s + 5 s leeway), pages that load several things at once still work:
  // a second concurrent refresh would present a spent token and end the session.
  for (const path of ['/danh-gia', '/cong-viec', '/ket-qua', '/']) {
    await page.waitForTimeout(11_000 / 2)
    await page.goto(`${SHORT_SESSION_URL}${path}`)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  }
  await expect(page.getByText('Phiên làm việc đã hết hạn')).toHaveCount(0)
  expect(refreshes.length).toBeGreaterThan(0)
  // The session is still alive on the server: a rotated token was never presented twice.
  const token = await page.evaluate(() => sessionStorage.getItem('danhgia.refresh'))
  const check = await fetch(`${SHORT_SESSION_URL}/api/v1/auth/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refresh_token: token }),
  })
  expect(check.status).toBe(200)
})

test('when the session ends, signing in again keeps what was typed', async ({ page, baseURL }) => {
  await signIn(page, 'qldt.nv12')
  await expect(page).toHaveURL(/\/$/)
  await page.goto('/doi-mat-khau')
  await page.getByLabel('Mật khẩu hiện tại').fill('khong-dung-mat-khau-1')
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('GiuNguyen2026x')
  await page.getByLabel('Nhập lại mật khẩu mới').fill('GiuNguyen2026x')

  // Someone presents the session's refresh token twice: the server revokes the whole session.
  const token = await page.evaluate(() => sessionStorage.getItem('danhgia.refresh'))
  for (let i = 0; i < 2; i++) {
    await fetch(`${baseURL}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: token }),
    })
  }

  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click()
  const dialog = page.getByRole('dialog', { name: 'Phiên làm việc đã hết hạn' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByLabel('Tên đăng nhập')).toHaveValue('qldt.nv12')
  await dialog.getByLabel('Mật khẩu').fill(DEMO_PASSWORD)
  await dialog.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(dialog).toBeHidden()

  // The request was sent again after signing in: the wrong current password is now explained,
  // and everything typed is still there.
  await expect(page.getByText(/Mật khẩu hiện tại không đúng|không đúng/).first()).toBeVisible()
  await expect(page.getByLabel('Mật khẩu mới', { exact: true })).toHaveValue('GiuNguyen2026x')
  await expect(page.getByLabel('Nhập lại mật khẩu mới')).toHaveValue('GiuNguyen2026x')
})

test('the sign-in page loads at most 300 KB of compressed JavaScript', async ({ page }) => {
  const scripts = new Map<string, number>()
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return
    const body = await response.body()
    scripts.set(response.url(), gzipSync(body, { level: 9 }).length)
  })
  await page.goto('/dang-nhap', { waitUntil: 'networkidle' })
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible()
  const total = [...scripts.values()].reduce((a, b) => a + b, 0)
  console.log(`sign-in page: ${scripts.size} scripts, ${(total / 1024).toFixed(1)} KB gzip`)
  expect(scripts.size).toBeGreaterThan(0)
  expect(total).toBeLessThanOrEqual(300 * 1024)
})

test('keyboard only: sign in, skip to the content, reach my evaluation from the menu', async ({ page }) => {
  // The page must be the focused one (earlier tests' windows may still hold the focus).
  await page.bringToFront()
  await page.goto('/dang-nhap')
  // The username field has the focus once the page is there; Tab moves to the password, Enter
  // signs in.
  await expect(page.getByLabel('Tên đăng nhập')).toBeFocused()
  await page.keyboard.type('qldt.nv13')
  await page.keyboard.press('Tab')
  await page.keyboard.type(DEMO_PASSWORD)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()

  // The first Tab reaches the skip link.
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Chuyển đến nội dung chính' })).toBeFocused()

  // Tabbing on reaches the menu's "Tự đánh giá"; Enter opens it.
  let found = false
  for (let i = 0; i < 25 && !found; i++) {
    await page.keyboard.press('Tab')
    found = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Tự đánh giá')
  }
  expect(found).toBe(true)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/danh-gia$/)
  await expect(page.getByRole('heading', { level: 1, name: /Tự đánh giá tháng 11\/2026/ })).toBeVisible()
})

// Journey 11 (issue 14): the district's unit administrator (quantri.hk) renames a department,
// puts a deputy in charge of a colleague, previews a transfer (what would move, nothing changed
// yet) before confirming it, reads the post history, and is told why a unit with people cannot be
// deactivated; the government bloc's administrator (sonoivu) names the department's one admin
// account by decision, hands it over by decision and extends it.
import { expect, expectAccessible, restAs, screenshot, signIn, test } from './fixtures'

type Unit = { id: string; code: string; name: string }
type Person = { id: string; full_name: string }

/** Picks the option titled `title` of the open select after typing `text` into `field`. */
async function pick(
  page: import('@playwright/test').Page,
  field: import('@playwright/test').Locator,
  text: string,
  title: string | RegExp,
) {
  await field.fill(text)
  // Chosen with the keyboard once found: a click could land while the list is redrawn.
  await expect(
    page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle(title).first(),
  ).toBeVisible()
  await field.press('Enter')
  // Closed and hidden before going on (an accessibility scan mid-animation sees its bare list).
  if (!(await field.evaluate((el) => !!el.closest('.ant-select-multiple')))) {
    await expect(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')).toHaveCount(0)
  }
}

test('an administrator edits a unit, sets a deputy’s field, transfers someone after a preview; the bloc admin names a unit admin by decision', async ({
  page,
  baseURL,
}, testInfo) => {
  // Two people's journeys in one: longer than the default.
  test.setTimeout(180_000)
  // Each try builds its own departments and people.
  const tag = Date.now().toString(36).slice(-5).toUpperCase()
  const admin = await restAs(baseURL!, 'quantri.hk')
  const district = (await admin.get<{ items: Unit[] }>('/units?q=HK')).body.items.find(
    (u) => u.code === 'HK',
  )!
  const unit = async (code: string, name: string) =>
    (
      await admin.send<Unit>('POST', '/units', {
        code,
        name,
        level: 'department',
        bloc: 'government',
        parent_id: district.id,
      })
    ).body
  const from = await unit(`HK-TCB${tag}`, `Phòng Tổ chức ${tag}`)
  const to = await unit(`HK-KHD${tag}`, `Phòng Kế hoạch ${tag}`)
  const person = async (full_name: string, category: string, title: string, form_code: number) =>
    (
      await admin.send<Person>('POST', '/people', {
        full_name,
        unit_id: from.id,
        position: { category, title, form_code },
      })
    ).body
  const deputy = await person(`Đào Văn Phó ${tag}`, 'deputy', 'Phó Trưởng phòng', 12)
  const one = await person(`Ngô Thị Một ${tag}`, 'staff', 'Chuyên viên', 15)
  const two = await person(`Ngô Thị Hai ${tag}`, 'staff', 'Chuyên viên', 15)

  await signIn(page, 'quantri.hk')
  await expect(page).toHaveURL(/\/$/)
  await page.goto(`/to-chuc?don-vi=${from.id}`)
  await expect(page.getByTestId('unit-name')).toHaveText(from.name)

  // Renamed.
  await page.getByRole('button', { name: 'Sửa đơn vị' }).click()
  const editUnit = page.getByRole('dialog', { name: `Sửa đơn vị ${from.name}` })
  await editUnit.getByLabel('Tên đơn vị').fill(`Phòng Tổ chức cán bộ ${tag}`)
  await expectAccessible(page)
  await editUnit.getByRole('button', { name: 'Lưu' }).click()
  await expect(page.getByText(`Đã lưu đơn vị Phòng Tổ chức cán bộ ${tag}.`)).toBeVisible()
  await expect(page.getByTestId('unit-name')).toHaveText(`Phòng Tổ chức cán bộ ${tag}`)

  // The deputy is put in charge of one colleague (Điều 10.3).
  await page.getByRole('button', { name: deputy.full_name, exact: true }).click()
  const deputyDrawer = page.getByRole('dialog', { name: deputy.full_name, exact: true })
  await expect(deputyDrawer.getByTestId('in-charge')).toHaveText('Chưa phân công phụ trách')
  await deputyDrawer.getByRole('button', { name: 'Sửa thông tin' }).click()
  const editPerson = page.getByRole('dialog', { name: `Sửa thông tin ${deputy.full_name}` })
  // Scanned before a list opens (antd's open list has no name of its own).
  await expect(editPerson.getByLabel('Họ và tên')).toHaveValue(deputy.full_name)
  await expectAccessible(page)
  await pick(
    page,
    editPerson.getByLabel('Phụ trách cán bộ, công chức'),
    'Một',
    `${one.full_name} (Chuyên viên)`,
  )
  await page.keyboard.press('Escape')
  // The office of Điều 10.1 the post holds: its post rule names the decider.
  await pick(
    page,
    editPerson.getByLabel('Chức danh theo Điều 10.1 (nếu có)'),
    'sở, ban',
    'Cấp trưởng sở, ban, ngành Thành phố',
  )
  await screenshot(page, testInfo, 'person-edit')
  await editPerson.getByRole('button', { name: 'Lưu' }).click()
  await expect(page.getByText('Đã lưu thông tin.')).toBeVisible()
  await expect(deputyDrawer.getByTestId('in-charge')).toHaveText(one.full_name)
  await expect(deputyDrawer).toContainText('Cấp trưởng sở, ban, ngành Thành phố')
  await expect(deputyDrawer.getByTestId('chain')).toContainText('Theo chức danh (Điều 10.1, quy tắc 6)')
  await deputyDrawer.getByRole('button', { name: 'Đóng' }).first().click()
  await expect(deputyDrawer).toBeHidden()

  // A transfer, previewed first: nothing changes until it is confirmed.
  await page.getByRole('button', { name: two.full_name, exact: true }).click()
  const twoDrawer = page.getByRole('dialog', { name: two.full_name, exact: true })
  // Units are named as they are now.
  await expect(twoDrawer.getByTestId('posts')).toContainText(`Chuyên viên, Phòng Tổ chức cán bộ ${tag}`)
  await twoDrawer.getByRole('button', { name: 'Chuyển công tác' }).click()
  const transfer = page.getByRole('dialog', { name: `Chuyển công tác ${two.full_name}` })
  await transfer.getByRole('button', { name: 'Xem trước' }).click()
  await expect(transfer.getByText('Vui lòng nhập đơn vị mới.')).toBeVisible()
  await pick(page, transfer.getByLabel('Đơn vị mới'), to.code, `${to.name} (${to.code})`)
  await transfer.getByLabel('Chức vụ, chức danh').fill('Chuyên viên chính')
  await transfer.getByLabel('Căn cứ chuyển công tác (số quyết định, lý do)').fill('Quyết định số 21/QĐ-UBND')
  await transfer.getByRole('button', { name: 'Xem trước' }).click()
  const outcome = transfer.getByTestId('transfer-outcome')
  await expect(transfer.getByText('Chưa có gì thay đổi.', { exact: false })).toBeVisible()
  await expect(outcome).toContainText(`Chuyên viên chính, ${to.name}`)
  await expect(outcome).toContainText(
    '0 phân công phụ trách, 0 lần được giao quyền người đứng đầu, 0 phân công đánh giá',
  )
  await expectAccessible(page)
  await screenshot(page, testInfo, 'transfer-preview')
  const still = await admin.get<{ unit_id: string }>(`/people/${two.id}`)
  expect(still.body.unit_id).toBe(from.id)
  // A change asks for a new preview before anything can be confirmed.
  await transfer.getByLabel('Chức vụ, chức danh').fill('Chuyên viên chính.')
  await expect(transfer.getByRole('button', { name: 'Xác nhận chuyển công tác' })).toBeHidden()
  await transfer.getByLabel('Chức vụ, chức danh').fill('Chuyên viên chính')
  await transfer.getByRole('button', { name: 'Xem trước' }).click()
  await transfer.getByRole('button', { name: 'Xác nhận chuyển công tác' }).click()
  await expect(page.getByText(`Đã chuyển công tác ${two.full_name}.`)).toBeVisible()
  await expect(twoDrawer).toBeHidden()
  expect((await admin.get<{ unit_id: string }>(`/people/${two.id}`)).body.unit_id).toBe(to.id)

  // At the new department: the post history, newest first.
  await page.goto(`/to-chuc?don-vi=${to.id}`)
  await page.getByRole('button', { name: two.full_name, exact: true }).click()
  const posts = page.getByRole('dialog', { name: two.full_name, exact: true }).getByTestId('posts')
  await expect(posts).toContainText(`Chuyên viên chính, ${to.name}`)
  await expect(posts).toContainText('Quyết định số 21/QĐ-UBND')
  await expect(posts).toContainText(`Chuyên viên, Phòng Tổ chức cán bộ ${tag}`)
  await expectAccessible(page)
  await screenshot(page, testInfo, 'post-history')
  await page
    .getByRole('dialog', { name: two.full_name })
    .getByRole('button', { name: 'Đóng' })
    .first()
    .click()

  // A department with people cannot be deactivated, and says why.
  await page.getByRole('button', { name: 'Sửa đơn vị' }).click()
  const deactivate = page.getByRole('dialog', { name: `Sửa đơn vị ${to.name}` })
  await deactivate.getByRole('switch', { name: 'Đang hoạt động' }).click()
  await deactivate.getByRole('button', { name: 'Lưu' }).click()
  await expect(
    deactivate.getByText('Đơn vị còn 1 người và 0 đơn vị trực thuộc đang hoạt động', { exact: false }),
  ).toBeVisible()
  await deactivate.getByRole('button', { name: 'Hủy' }).click()

  // The bloc administrator names the department's one admin account by decision.
  await page.getByRole('button', { name: 'Đăng xuất' }).click()
  await expect(page).toHaveURL(/\/dang-nhap$/)
  await signIn(page, 'sonoivu')
  await expect(page).toHaveURL(/\/$/)
  await page.goto('/tai-khoan')
  const username = `qt.tcb${tag.toLowerCase()}`
  await page.getByRole('button', { name: 'Tạo tài khoản chức năng' }).click()
  const create = page.getByRole('dialog', { name: 'Tạo tài khoản chức năng' })
  await create.getByLabel('Tên đăng nhập').fill(username)
  await pick(
    page,
    create.getByLabel('Đơn vị', { exact: true }),
    from.code,
    `Phòng Tổ chức cán bộ ${tag} (${from.code})`,
  )
  await create.getByRole('button', { name: 'Tạo' }).click()
  await expect(create.getByText('Vui lòng nhập số quyết định.')).toBeVisible()
  await create.getByLabel('Số quyết định').fill('30/QĐ-UBND')
  await expectAccessible(page)
  await create.getByLabel('Ngày quyết định').fill('20/11/2026')
  await create.getByLabel('Ngày quyết định').press('Tab')
  await pick(page, create.getByLabel('Người giữ'), 'Đào Văn Phó', `${deputy.full_name} (Phó Trưởng phòng)`)
  await create.getByRole('button', { name: 'Tạo' }).click()
  await expect(create.getByText(`Tài khoản ${username} đã sẵn sàng`)).toBeVisible()
  await create.getByRole('button', { name: 'Đóng' }).last().click()
  await expect(create).toBeHidden()

  // One admin account per unit: a second is refused, in words.
  await page.getByRole('button', { name: 'Tạo tài khoản chức năng' }).click()
  await create.getByLabel('Tên đăng nhập').fill(`${username}.2`)
  await pick(
    page,
    create.getByLabel('Đơn vị', { exact: true }),
    from.code,
    `Phòng Tổ chức cán bộ ${tag} (${from.code})`,
  )
  await create.getByLabel('Số quyết định').fill('31/QĐ-UBND')
  await create.getByLabel('Ngày quyết định').fill('21/11/2026')
  await create.getByLabel('Ngày quyết định').press('Tab')
  await create.getByRole('button', { name: 'Tạo' }).click()
  await expect(create.getByText('Mỗi đơn vị chỉ có một tài khoản quản trị.')).toBeVisible()
  await create.getByRole('button', { name: 'Hủy' }).click()
  // Gone before typing elsewhere: a closing dialog still holds the keyboard.
  await expect(create).toBeHidden()

  await page.getByLabel('Tìm theo tên đăng nhập').fill(username)
  await page.getByLabel('Tìm theo tên đăng nhập').press('Enter')
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: username, exact: true }) })
  await expect(row).toContainText('Quản trị đơn vị (QĐ 30/QĐ-UBND ngày 20/11/2026)')
  await expect(row).toContainText(deputy.full_name)

  // Handed over by decision, then extended.
  await row.getByRole('button', { name: 'Bàn giao' }).click()
  const handover = page.getByRole('dialog', { name: `Bàn giao tài khoản ${username}` })
  await pick(
    page,
    handover.getByLabel('Người nhận bàn giao'),
    'Ngô Thị Một',
    `${one.full_name} (Chuyên viên)`,
  )
  await handover.getByLabel('Số quyết định').fill('32/QĐ-UBND')
  // Scanned before a date is typed: an open calendar fades its cells.
  await expectAccessible(page)
  await handover.getByLabel('Ngày quyết định').fill('21/11/2026')
  await handover.getByLabel('Ngày quyết định').press('Tab')
  await handover.getByRole('button', { name: 'Lưu' }).click()
  await expect(page.getByText(`Đã cập nhật tài khoản ${username}.`)).toBeVisible()
  await expect(row).toContainText(one.full_name)
  await expect(row).toContainText('QĐ 32/QĐ-UBND ngày 21/11/2026')

  await row.getByRole('button', { name: 'Gia hạn' }).click()
  const extend = page.getByRole('dialog', { name: `Gia hạn tài khoản ${username}` })
  await extend.getByLabel('Hiệu lực đến').fill('31/12/2027')
  await extend.getByLabel('Hiệu lực đến').press('Tab')
  await extend.getByRole('button', { name: 'Lưu' }).click()
  await expect(row).toContainText('31/12/2027')
  // Scanned once the dialog has gone and the notice has finished fading in (half-faded text
  // fails the contrast check).
  await expect(extend).toBeHidden()
  await expect(page.locator('.ant-message-fade-appear, .ant-message-fade-enter')).toHaveCount(0)
  await expectAccessible(page)
  await screenshot(page, testInfo, 'accounts-functional')
})

// Journey 8 (issue 14): the district's unit administrator (quantri.hk) builds a new department in
// the organisation tree, adds a person and grants them an account (the one-time password shown
// once, and it signs in), imports 50 people from a CSV file with its progress, names an acting
// head, and reads the evaluation chain the acting head now decides.
import { expect, expectAccessible, restAs, screenshot, signIn, test } from './fixtures'

const ADMIN = 'quantri.hk'
// A retry starts where the first try left off: it builds a department and a person of its own.
const GIVEN = ['Số', 'Sơn', 'Sang']

/** 50 civil servants of the new department, as an HR system would export them. */
function peopleCsv(CODE: string): Buffer {
  const rows = ['external_id,full_name,email,unit_code,category,title,form_code']
  for (let n = 1; n <= 50; n++) {
    const nn = String(n).padStart(2, '0')
    rows.push(
      `${CODE}-${nn},Trần Thị Nhập ${nn},nhap${nn}@hoankiem.hanoi.gov.vn,${CODE},staff,Chuyên viên,15`,
    )
  }
  return Buffer.from(rows.join('\n') + '\n', 'utf8')
}

test('an administrator builds a department, grants an account, imports people, names an acting head and reads the chain', async ({
  page,
  baseURL,
}, testInfo) => {
  const run = testInfo.retry
  const CODE = `HK-CDS${run || ''}`
  const DEPARTMENT = `Phòng Chuyển đổi số${run ? ` ${run + 1}` : ''}`
  const PERSON = `Lê Minh ${GIVEN[run]}`
  const USERNAME = `${GIVEN[run]
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()}.lm`
  await signIn(page, ADMIN)
  await page.getByRole('link', { name: 'Tổ chức, cán bộ' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Tổ chức, cán bộ' })).toBeVisible()

  // The district is the root of this administrator's tree.
  await page.getByRole('tree').getByText('UBND quận Hoàn Kiếm (HK)').click()
  await expect(page.getByTestId('unit-name')).toHaveText('UBND quận Hoàn Kiếm')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'org-district')

  // A new department under it.
  await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click()
  const unitDialog = page.getByRole('dialog', { name: 'Thêm đơn vị trực thuộc UBND quận Hoàn Kiếm' })
  await unitDialog.getByLabel('Tên đơn vị').fill(DEPARTMENT)
  await unitDialog.getByLabel('Mã đơn vị').fill(CODE)
  await expectAccessible(page)
  await unitDialog.getByRole('button', { name: 'Lưu' }).click()
  await expect(page.getByText(`Đã thêm đơn vị ${DEPARTMENT}.`)).toBeVisible()
  await expect(unitDialog).toBeHidden()

  // Found by its code, and opened.
  await page.getByLabel('Tìm đơn vị theo mã hoặc tên').fill(CODE)
  await page.getByLabel('Tìm đơn vị theo mã hoặc tên').press('Enter')
  await page.getByRole('button', { name: `${DEPARTMENT} (${CODE})` }).click()
  await expect(page.getByTestId('unit-name')).toHaveText(DEPARTMENT)
  await expect(page.getByText('Đơn vị chưa có người nào.')).toBeVisible()

  // A person with their post.
  await page.getByRole('button', { name: 'Thêm người' }).click()
  const personDialog = page.getByRole('dialog', { name: `Thêm người vào ${DEPARTMENT}` })
  await personDialog.getByLabel('Họ và tên').fill(PERSON)
  await personDialog.getByLabel('Thư điện tử').fill(`${USERNAME}@hoankiem.hanoi.gov.vn`)
  await personDialog.getByLabel('Chức vụ, chức danh').fill('Chuyên viên')
  // A required field left empty is said in Vietnamese, and nothing is sent.
  await personDialog.getByRole('button', { name: 'Lưu' }).click()
  await expect(personDialog.getByText('Vui lòng nhập mẫu phiếu (1–19).')).toBeVisible()
  await personDialog.getByLabel('Mẫu phiếu (1–19)').fill('15.')
  await personDialog.getByLabel('Mẫu phiếu (1–19)').press('Enter')
  await personDialog.getByRole('button', { name: 'Lưu' }).click()
  await expect(page.getByText(`Đã thêm ${PERSON}.`)).toBeVisible()

  // An account for them: the one-time password is shown once, and it signs in.
  await page.getByRole('button', { name: PERSON, exact: true }).click()
  const drawer = page.getByRole('dialog', { name: PERSON })
  await drawer.getByRole('button', { name: 'Cấp tài khoản' }).click()
  const grant = page.getByRole('dialog', { name: `Cấp tài khoản cho ${PERSON}` })
  await expect(grant.getByLabel('Tên đăng nhập')).toHaveValue(USERNAME)
  await grant.getByRole('button', { name: 'Cấp tài khoản' }).click()
  await expect(grant.getByText(`Tài khoản ${USERNAME} đã sẵn sàng`)).toBeVisible()
  await expect(grant.getByText('Mật khẩu này chỉ hiện một lần.', { exact: false })).toBeVisible()
  const password = (await grant.getByTestId('shown-once').textContent())!.trim()
  expect(password.length).toBeGreaterThanOrEqual(8)
  await expectAccessible(page)
  await screenshot(page, testInfo, 'account-granted')
  const firstSignIn = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: USERNAME, password }),
  })
  expect(firstSignIn.status).toBe(200)
  expect(((await firstSignIn.json()) as { must_change_password: boolean }).must_change_password).toBe(true)
  // The footer's button (the other is the dialog's close icon).
  await grant.getByRole('button', { name: 'Đóng' }).last().click()
  await expect(grant).toBeHidden()
  // Closed by its own button: Escape reaches the drawer only when it holds the focus.
  await drawer.getByRole('button', { name: 'Đóng' }).first().click()
  await expect(drawer).toBeHidden()

  // Fifty people from a CSV file, with the job's progress and counts.
  await page.getByRole('link', { name: 'Tài khoản' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Tài khoản' })).toBeVisible()
  await page.getByLabel('Tìm theo tên đăng nhập').fill(USERNAME)
  await page.getByLabel('Tìm theo tên đăng nhập').press('Enter')
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: USERNAME, exact: true }) })
  await expect(row).toContainText('Chưa đổi mật khẩu lần đầu')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'accounts')
  await page.getByRole('link', { name: 'Nhập danh sách cán bộ' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nhập danh sách cán bộ' })).toBeVisible()
  await expectAccessible(page)
  await page.locator('input[type=file]').setInputFiles({
    name: 'chuyen-doi-so.csv',
    mimeType: 'text/csv',
    buffer: peopleCsv(CODE),
  })
  const job = page.getByTestId('import-job')
  await expect(job.getByText('Đã nhập xong')).toBeVisible({ timeout: 30_000 })
  await expect(job.getByText('Đã xử lý 50/50 dòng')).toBeVisible()
  await expect(job.getByText('Thêm mới 50, cập nhật 0, không đổi 0.')).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'import-done')

  // Back at the department: 51 people, and one of them named acting head.
  const rest = await restAs(baseURL!, ADMIN)
  const found = await rest.get<{ items: { id: string; code: string }[] }>(`/units?q=${CODE}`)
  const department = found.body.items.find((u) => u.code === CODE)!
  await page.goto(`/to-chuc?don-vi=${department.id}`)
  await expect(page.getByTestId('unit-name')).toHaveText(DEPARTMENT)
  await expect(page.getByText('Cán bộ, công chức của đơn vị (51)')).toBeVisible()
  await page.getByRole('button', { name: 'Giao quyền người đứng đầu' }).click()
  const acting = page.getByRole('dialog', { name: `Giao quyền người đứng đầu ${DEPARTMENT}` })
  await acting.getByLabel('Người được giao quyền').fill('Trần Thị Nhập 01')
  await acting.getByLabel('Người được giao quyền').press('Enter')
  await expect(acting.getByLabel('Từ ngày')).toHaveValue('21/11/2026')
  await acting.getByLabel('Căn cứ (số quyết định, ghi chú)').fill('Quyết định số 12/QĐ-UBND')
  await acting.getByRole('button', { name: 'Lưu' }).click()
  await expect(page.getByText('Đã giao quyền cho Trần Thị Nhập 01.')).toBeVisible()
  await expect(page.getByTestId('acting-heads')).toContainText(
    'Trần Thị Nhập 01, từ 21/11/2026 (Quyết định số 12/QĐ-UBND)',
  )

  // The chain of another member for November: the acting head decides, by the rule of a
  // department of twenty or more.
  await page.getByRole('button', { name: 'Trần Thị Nhập 02', exact: true }).click()
  const chain = page.getByRole('dialog', { name: 'Trần Thị Nhập 02' }).getByTestId('chain')
  await expect(chain).toContainText('Người quyết định xếp loại')
  await expect(chain).toContainText('Trần Thị Nhập 01 (Chuyên viên)')
  await expect(chain).toContainText(
    'Công chức của phòng từ 20 người: cấp phó phụ trách nhận xét, trưởng phòng quyết định (quy tắc 2); có người được giao quyền người đứng đầu',
  )
  await expect(chain).toContainText(
    `Đồng chí Trần Thị Nhập 01 được giao quyền người đứng đầu ${DEPARTMENT} nên thay người đứng đầu trong chuỗi đánh giá.`,
  )
  await expectAccessible(page)
  await screenshot(page, testInfo, 'chain')

  // An explicit decider for them (rule 1): the chain follows at once.
  const person = page.getByRole('dialog', { name: 'Trần Thị Nhập 02' })
  await expect(person.getByTestId('assignments')).toContainText(
    'Không có: chuỗi đánh giá theo chức vụ và đơn vị.',
  )
  await person.getByRole('button', { name: 'Phân công người đánh giá' }).click()
  const assign = page.getByRole('dialog', { name: 'Phân công người đánh giá Trần Thị Nhập 02' })
  await assign.getByRole('button', { name: 'Lưu' }).click()
  await expect(
    assign.getByText('Chọn ít nhất người nhận xét, đánh giá hoặc người quyết định xếp loại.'),
  ).toBeVisible()
  const decider = assign.getByLabel('Người quyết định xếp loại')
  await decider.fill('Trần Thị Nhập 03')
  // Chosen with the keyboard once found: a click could land while the list is redrawn. On a
  // retry the first try's namesake is found too; either decides under the same name.
  await expect(
    page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .getByTitle('Trần Thị Nhập 03 (Chuyên viên)', { exact: true })
      .first(),
  ).toBeVisible()
  await decider.press('Enter')
  await expect(assign).toContainText('Người quyết định xếp loạiTrần Thị Nhập 03 (Chuyên viên)')
  await assign.getByLabel('Căn cứ (số quyết định, ghi chú)').fill('Quyết định số 13/QĐ-UBND')
  await assign.getByRole('button', { name: 'Lưu' }).click()
  await expect(assign).toBeHidden()
  await expect(person.getByTestId('assignments')).toContainText(
    'Người quyết định xếp loại: Trần Thị Nhập 03 (Chuyên viên)',
  )
  await expect(person.getByTestId('assignments')).toContainText('từ 21/11/2026 (Quyết định số 13/QĐ-UBND)')
  await expect(chain).toContainText('Trần Thị Nhập 03 (Chuyên viên)')
  await expect(chain).toContainText('Phân công người đánh giá cụ thể (quy tắc 1)')
  await expectAccessible(page)
})

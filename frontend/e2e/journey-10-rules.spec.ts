// Journey 10 (issue 14, rules): the operator (quantri) reads the 19 forms and a form's criteria,
// the month's deadlines (and opens them for a change without saving: the other journeys run on
// this month), extends a person's self-assessment, and reads the A quota policy.
import {
  PERIOD,
  SHORT_SESSION_URL,
  expect,
  expectAccessible,
  restAs,
  screenshot,
  signIn,
  test,
} from './fixtures'

test('the operator reads the forms, the deadlines and the A quota, and extends one person', async ({
  page,
  baseURL,
}, testInfo) => {
  const who = (
    await (await restAs(baseURL!, 'qldt.nv18')).get<{ person: { id: string; full_name: string } }>('/me')
  ).body.person
  await signIn(page, 'quantri')
  await page.getByRole('link', { name: 'Quy định đánh giá' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Quy định đánh giá' })).toBeVisible()

  // The 19 forms; form 15's criteria, indented under their parents.
  const forms = page.getByTestId('forms')
  await expect(forms.locator('tbody > tr.ant-table-row')).toHaveCount(19)
  const form15 = forms
    .locator('tbody > tr.ant-table-row')
    .filter({ has: page.getByRole('cell', { name: '15', exact: true }) })
  await form15.getByRole('button', { name: /Mở rộng|Expand/ }).click()
  const criteria = page.getByRole('table', { name: 'Tiêu chí của mẫu 15' })
  await expect(criteria.getByRole('row').nth(1)).toContainText(/^I\. /)
  await expect(criteria).toContainText('Điểm tối đa')
  await expectAccessible(page)
  await screenshot(page, testInfo, 'rules-forms')

  // The month's deadlines, opened for a change (not saved).
  await page.getByRole('tab', { name: 'Kỳ đánh giá, thời hạn' }).click()
  const [year, month] = PERIOD.split('-')
  const deadlines = page.getByTestId('deadlines')
  await expect(deadlines).toContainText('Hết hạn tự đánh giá')
  await expect(deadlines).toContainText(`25/${month}/${year} 00:00`)
  await expect(page.getByLabel('Hết hạn tự đánh giá', { exact: true })).toBeHidden()
  await page.getByRole('button', { name: 'Đổi thời hạn' }).click()
  await expect(page.getByLabel('Hết hạn tự đánh giá', { exact: true })).toHaveValue(
    `25/${month}/${year} 00:00`,
  )

  // One person's self-assessment extended.
  const person = page.getByLabel('Người được gia hạn')
  await person.fill(who.full_name)
  // Chosen with the keyboard once found: a click could land while the list is redrawn.
  await expect(
    page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .getByTitle(new RegExp(`^${who.full_name} \\(`))
      .first(),
  ).toBeVisible()
  await person.press('Enter')
  await page.getByLabel('Đến', { exact: true }).fill(`27/${month}/${year} 17:00`)
  // Enter would also send the form (implicit submission); Tab keeps the typed time.
  await page.getByLabel('Đến', { exact: true }).press('Tab')
  await page.getByRole('button', { name: 'Gia hạn', exact: true }).click()
  await expect(page.getByText('Đã gia hạn.')).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'rules-periods')

  // The A quota as the regulation reads it.
  await page.getByRole('tab', { name: 'Chỉ tiêu loại A' }).click()
  await expect(page.getByLabel('Tỷ lệ').first()).toHaveValue('20')
  await expect(page.getByText('Số người xếp loại B', { exact: true })).toBeVisible()
  await expectAccessible(page)
  await screenshot(page, testInfo, 'rules-quota')
})

// On journey 1's server (its own people; 5-second access tokens, refreshed silently): regrouping
// the district's quota groups leaves the other journeys' quotas alone.
test.describe(() => {
  test.use({ baseURL: SHORT_SESSION_URL })

  test('the district administrator merges two forms into one quota group', async ({
    page,
    baseURL,
  }, testInfo) => {
    const admin = await restAs(baseURL!, 'quantri.hk')
    const district = (
      await admin.get<{ items: { id: string; code: string }[] }>('/units?q=HK')
    ).body.items.find((u) => u.code === 'HK')!
    // From no named group (a retry starts where the first try left it).
    expect((await admin.send('PUT', `/units/${district.id}/quota-groups`, { groups: [] })).status).toBe(200)

    await signIn(page, 'quantri.hk')
    await expect(page).toHaveURL(/\/$/)
    await page.goto('/quy-dinh?muc=nhom')
    await page.getByLabel('Đơn vị công khai kết quả').fill('Hoàn Kiếm')
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .getByTitle('UBND quận Hoàn Kiếm (HK)', { exact: true })
      .click()
    await expect(page.getByText('Chưa có nhóm nào được đặt tên: mỗi mẫu phiếu là một nhóm.')).toBeVisible()

    await page.getByRole('button', { name: 'Thêm nhóm' }).click()
    const group = page.getByTestId('quota-group')
    await group.getByLabel('Tên nhóm').fill('Công chức và lao động hợp đồng')
    // The list is virtual: type the number to reach it.
    const forms = group.getByLabel('Gộp các mẫu phiếu')
    const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    await forms.fill('15')
    await open.getByTitle('Mẫu 15', { exact: true }).click()
    await forms.fill('19')
    await open.getByTitle('Mẫu 19', { exact: true }).click()
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Lưu các nhóm' }).click()
    await expect(page.getByText('Đã lưu.')).toBeVisible()
    await expectAccessible(page)
    await screenshot(page, testInfo, 'rules-groups')

    const saved = await (
      await restAs(baseURL!, 'quantri.hk')
    ).get<{
      groups: { name: string; form_codes: number[]; person_ids: string[] }[]
    }>(`/units/${district.id}/quota-groups`)
    expect(saved.body.groups).toEqual([
      { name: 'Công chức và lao động hợp đồng', form_codes: [15, 19], person_ids: [] },
    ])
  })
})

// Journey 10 (issue 14, rules): the operator (quantri) reads the 19 forms and a form's criteria,
// the month's deadlines (and opens them for a change without saving: the other journeys run on
// this month), extends a person's self-assessment, and reads the A quota policy.
import { PERIOD, expect, expectAccessible, restAs, screenshot, signIn, test } from './fixtures'

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
  await page.getByRole('button', { name: 'Đổi thời hạn' }).click()
  await expect(page.getByLabel('Hết hạn tự đánh giá', { exact: true })).toHaveValue(
    `25/${month}/${year} 00:00`,
  )

  // One person's self-assessment extended.
  await page.getByLabel('Người được gia hạn').fill(who.full_name)
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .getByTitle(new RegExp(`^${who.full_name} \\(`))
    .click()
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

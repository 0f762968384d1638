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

  test('the operator compares and adds a version of a form, and details a form for a unit', async ({
    page,
  }, testInfo) => {
    test.setTimeout(150_000)
    await signIn(page, 'quantri')
    await expect(page).toHaveURL(/\/$/)
    await page.goto('/quy-dinh')
    await page.getByRole('button', { name: 'Các phiên bản của mẫu 1', exact: true }).click()
    const drawer = page.getByRole('dialog', { name: 'Các phiên bản của mẫu phiếu số 1' })
    const versions = drawer.getByTestId('form-versions').locator('tbody > tr.ant-table-row')
    // Counted once the versions have loaded (the drawer opens before they answer); a retry
    // finds the first try's version too.
    await expect(versions.first()).toBeVisible()
    const before = await versions.count()

    // A new version from the latest: maxima that do not add up are refused, naming the criterion.
    await drawer.getByRole('button', { name: 'Thêm phiên bản' }).click()
    const add = page.getByRole('dialog', { name: 'Thêm phiên bản mới của mẫu phiếu số 1' })
    await add.getByLabel('Nội dung tiêu chí I.2').fill('Thực hiện quy tắc ứng xử và văn hóa công vụ')
    await add.getByLabel('Điểm tối đa của tiêu chí I.1').fill('12')
    await add.getByLabel('Đây là văn bản chính thức', { exact: false }).check()
    await expectAccessible(page)
    await add.getByRole('button', { name: 'Lưu' }).click()
    await expect(add.locator('.ant-form-item-explain-error, .ant-alert-error').first()).toBeVisible()
    await screenshot(page, testInfo, 'rules-version-refused')
    await add.getByLabel('Điểm tối đa của tiêu chí I.1').fill('10')
    await add.getByRole('button', { name: 'Lưu' }).click()
    await expect(add).toBeHidden()
    await expect(versions).toHaveCount(before + 1)

    // The comparison of the two latest: one criterion's wording changed, nothing else.
    await expect(drawer.getByText('Thêm 0, bỏ 0, sửa 1 tiêu chí.')).toBeVisible()
    const changed = drawer
      .getByTestId('form-diff')
      .locator('tbody > tr.ant-table-row')
      .filter({ hasText: 'Sửa' })
    await expect(changed).toContainText('I.2')
    await expect(changed).toContainText('Thực hiện quy tắc ứng xử và văn hóa công vụ (10)')
    await expectAccessible(page)
    await screenshot(page, testInfo, 'rules-versions')
    await drawer.getByRole('button', { name: 'Đóng' }).first().click()

    // The district details criterion I.1 of form 1 and adds a deduction of its own.
    await page.getByRole('tab', { name: 'Bổ sung của đơn vị' }).click()
    await page.getByLabel('Chọn đơn vị').fill('Hoàn Kiếm')
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .getByTitle('UBND quận Hoàn Kiếm (HK)', { exact: true })
      .click()
    await page.getByLabel('Chọn mẫu phiếu').fill('1.')
    await page.getByLabel('Chọn mẫu phiếu').press('Enter')
    // From no extension (a retry starts where the first try left it).
    await expect(page.getByRole('button', { name: 'Lưu nội dung bổ sung' })).toBeVisible()
    const removeGroup = page.getByRole('button', { name: 'Bỏ cả nhóm' })
    while ((await removeGroup.count()) > 0) await removeGroup.first().click()
    const removeLine = page.getByRole('button', { name: 'Bỏ', exact: true })
    while ((await removeLine.count()) > 0) await removeLine.first().click()
    await page.getByRole('button', { name: 'Chi tiết thêm một tiêu chí' }).click()
    await page.getByLabel('Tiêu chí được chi tiết').fill('I.1')
    await page.getByLabel('Tiêu chí được chi tiết').press('Enter')
    const subs = page.getByLabel('Nội dung tiêu chí chi tiết')
    await subs.nth(0).fill('Chấp hành giờ giấc làm việc')
    await subs.nth(1).fill('Chấp hành nội quy cơ quan')
    const maxima = page.getByLabel('Điểm tối đa', { exact: true })
    await maxima.nth(0).fill('5')
    await maxima.nth(1).fill('4')
    await page.getByRole('button', { name: 'Thêm lỗi bị trừ điểm' }).click()
    await page.getByLabel('Nội dung lỗi').fill('Đi muộn không lý do (mỗi lần)')
    await page.getByLabel('Số điểm trừ tối đa').fill('2')
    // 5 + 4 is not the 10 points of I.1: refused, by the criterion.
    await page.getByRole('button', { name: 'Lưu nội dung bổ sung' }).click()
    await expect(page.locator('.ant-form-item-explain-error').first()).toBeVisible()
    await maxima.nth(1).fill('5')
    await page.getByRole('button', { name: 'Lưu nội dung bổ sung' }).click()
    await expect(page.getByText('Đã lưu. Phiếu mới của đơn vị dùng nội dung này.')).toBeVisible()
    await expectAccessible(page)
    await screenshot(page, testInfo, 'rules-extension')

    const district = (
      await (
        await restAs(SHORT_SESSION_URL, 'quantri.hk')
      ).get<{ items: { id: string; code: string }[] }>('/units?q=HK')
    ).body.items.find((u) => u.code === 'HK')!
    const form = await (
      await restAs(SHORT_SESSION_URL, 'quantri.hk')
    ).get<{ criteria: { id: string; max_points: number }[] }>(`/units/${district.id}/forms/1`)
    expect(form.body.criteria.map((c) => c.id)).toEqual(expect.arrayContaining(['I.1.a', 'I.1.b', 'TRU.1']))

    // A post rule of Điều 10.1 gains a stand-in for a vacant decider.
    await page.getByRole('tab', { name: 'Quy tắc theo chức danh' }).click()
    const postRules = page.getByTestId('post-rules')
    const head = postRules.getByRole('row', { name: /^Cấp trưởng sở, ban, ngành Thành phố/ })
    await expect(head).toContainText('Chủ tịch UBND Thành phố')
    await expectAccessible(page)
    await head.getByRole('button', { name: 'Sửa quy tắc của Cấp trưởng sở, ban, ngành Thành phố' }).click()
    const rule = page.getByRole('dialog', { name: 'Quy tắc đánh giá Cấp trưởng sở, ban, ngành Thành phố' })
    const deciders = rule.getByLabel('Người quyết định xếp loại')
    // From the one decider (a retry starts where the first try left it).
    while ((await rule.locator('.ant-select-selection-item-remove').count()) > 1) {
      await rule.locator('.ant-select-selection-item-remove').last().click()
    }
    await deciders.fill('Phó Chủ tịch UBND')
    await expect(
      page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
        .getByTitle('Phó Chủ tịch UBND Thành phố', { exact: true }),
    ).toBeVisible()
    await deciders.press('Enter')
    await page.keyboard.press('Escape')
    await rule.getByRole('button', { name: 'Lưu' }).click()
    await expect(page.getByText('Đã lưu quy tắc. Chuỗi đánh giá theo quy tắc mới ngay.')).toBeVisible()
    await expect(head).toContainText('Chủ tịch UBND Thành phố; nếu khuyết: Phó Chủ tịch UBND Thành phố')
    await screenshot(page, testInfo, 'rules-post-rules')
  })
})

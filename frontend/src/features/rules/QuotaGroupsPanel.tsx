import { App, Button, Card, Form, Input, Select, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert, Loading } from '../../components'
import { fieldHelp } from '../../components/FormModal'
import { PeoplePicker, UnitPicker } from '../../components/Pickers'
import { useQuotaGroups, useSaveQuotaGroups, type QuotaGroups } from './useRules'

const FORMS = Array.from({ length: 19 }, (_, i) => i + 1)

/**
 * A publishing unit's quota groups ("nhóm đối tượng", Điều 13.1): whole forms merged into a
 * named group, and people placed in one whatever their form (a split). Forms no group names
 * are a group each.
 */
export function QuotaGroupsPanel() {
  const { t } = useTranslation('rules')
  const { message } = App.useApp()
  const [unitId, setUnitId] = useState<string>()
  const groups = useQuotaGroups(unitId)
  const save = useSaveQuotaGroups(unitId ?? '')
  const [form] = Form.useForm<QuotaGroups>()
  const error = fieldHelp(save.error)
  useEffect(() => {
    if (groups.data) form.setFieldsValue(groups.data)
  }, [groups.data, form])

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
      <Typography.Paragraph>{t('groupsIntro')}</Typography.Paragraph>
      <Form layout="inline">
        <Form.Item label={t('publishingUnit')} htmlFor="groups-unit">
          <div style={{ width: 360 }}>
            <UnitPicker id="groups-unit" value={unitId} onChange={setUnitId} />
          </div>
        </Form.Item>
      </Form>
      {unitId &&
        (groups.isLoading ? (
          <Loading />
        ) : groups.isError ? (
          <ErrorAlert error={groups.error} onRetry={() => groups.refetch()} />
        ) : (
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) =>
              save.mutate(
                {
                  groups: (v.groups ?? []).map((g) => ({
                    name: g.name.trim(),
                    form_codes: g.form_codes ?? [],
                    person_ids: g.person_ids ?? [],
                  })),
                },
                { onSuccess: () => void message.success(t('saved')) },
              )
            }
          >
            <Form.List name="groups">
              {(fields, { add, remove }) => (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {fields.length === 0 && <Typography.Text type="secondary">{t('noGroups')}</Typography.Text>}
                  {fields.map((field, index) => (
                    <Card
                      key={field.key}
                      size="small"
                      data-testid="quota-group"
                      title={t('groupN', { n: index + 1 })}
                      extra={
                        <Button size="small" onClick={() => remove(field.name)}>
                          {t('removeGroup')}
                        </Button>
                      }
                    >
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('groupName')}
                        rules={[{ required: true, whitespace: true, message: t('groupNameRequired') }]}
                        {...error(`groups[${index}].name`)}
                      >
                        <Input maxLength={255} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'form_codes']} label={t('groupForms')}>
                        <Select
                          mode="multiple"
                          options={FORMS.map((f) => ({ value: f, label: t('formN', { n: f }) }))}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'person_ids']} label={t('groupPeople')}>
                        <PeoplePicker />
                      </Form.Item>
                    </Card>
                  ))}
                  <Space wrap>
                    <Button onClick={() => add({ name: '', form_codes: [], person_ids: [] })}>
                      {t('addGroup')}
                    </Button>
                    <Button type="primary" htmlType="submit" loading={save.isPending}>
                      {t('saveGroups')}
                    </Button>
                  </Space>
                </Space>
              )}
            </Form.List>
            {save.isError && <ErrorAlert error={save.error} />}
          </Form>
        ))}
    </Space>
  )
}

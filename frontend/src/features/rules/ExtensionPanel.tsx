import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fieldErrors } from '../../api'
import { ErrorAlert, Loading } from '../../components'
import { UnitPicker } from '../../components/Pickers'
import {
  useForms,
  useSaveUnitExtension,
  useUnitExtension,
  type ExtensionCriterion,
  type UnitExtension,
} from './useRules'

type Line = { label: string; max_points: number }
type Values = {
  sub_criteria: { parent_id: string; children: Line[] }[]
  deductions: Line[]
}

/** Stable ids for the unit's own criteria: `I.1.a`, `I.1.b` … under a parent, `TRU.1` … for deductions. */
export function extensionOf(values: Values, kindOf: (id: string) => string): UnitExtension {
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  return {
    sub_criteria: (values.sub_criteria ?? []).map((group) => ({
      parent_id: group.parent_id,
      children: (group.children ?? []).map((c, i) => ({
        id: `${group.parent_id}.${letters[i] ?? i + 1}`,
        label: c.label.trim(),
        // A detailed criterion counts as its parent does (a bonus stays a bonus).
        kind: kindOf(group.parent_id),
        max_points: c.max_points,
      })),
    })),
    deductions: (values.deductions ?? []).map((d, i) => ({
      id: `TRU.${i + 1}`,
      label: d.label.trim(),
      kind: 'deduction',
      max_points: d.max_points,
    })),
  }
}

const line = (c: ExtensionCriterion): Line => ({ label: c.label, max_points: Number(c.max_points) })

/**
 * A unit's extension of a form (its admins, DESIGN 2.1): detailed sub-criteria under a criterion
 * of the form, whose maxima add up to the criterion's, and the unit's list of deductions. New
 * evaluations of the unit's people use it.
 */
export function ExtensionPanel() {
  const { t } = useTranslation('rules')
  const [unitId, setUnitId] = useState<string>()
  const [code, setCode] = useState<number>()
  const forms = useForms()
  const extension = useUnitExtension(unitId, code)
  const save = useSaveUnitExtension(unitId ?? '', code ?? 0)
  const [form] = Form.useForm<Values>()
  const base = forms.data?.find((f) => f.code === code)
  // Leaves the unit may detail: scored or bonus criteria without sub-criteria of their own.
  const leaves = (base?.criteria ?? []).filter(
    (c) => (c.kind === 'score' || c.kind === 'bonus') && !base?.criteria.some((x) => x.parent_id === c.id),
  )
  // The stored extension, as the form starts from it (the form mounts once it is read, anew
  // for each unit and form).
  const initial: Values | undefined = extension.data && {
    sub_criteria: extension.data.sub_criteria.map((g) => ({
      parent_id: g.parent_id,
      children: g.children.map(line),
    })),
    deductions: extension.data.deductions.map(line),
  }
  const errors = fieldErrors(save.error)

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph>{t('extensionIntro')}</Typography.Paragraph>
      <Space wrap>
        <div style={{ minWidth: 280 }}>
          <UnitPicker
            aria-label={t('pickUnit')}
            placeholder={t('pickUnit')}
            value={unitId}
            onChange={(id) => {
              save.reset()
              setUnitId(id)
            }}
          />
        </div>
        <Select
          aria-label={t('pickForm')}
          placeholder={t('pickForm')}
          value={code}
          onChange={(chosen: number) => {
            save.reset()
            setCode(chosen)
          }}
          style={{ minWidth: 320 }}
          showSearch
          optionFilterProp="label"
          options={(forms.data ?? []).map((f) => ({ value: f.code, label: `${f.code}. ${f.title}` }))}
        />
      </Space>
      {unitId && code != null && (
        <>
          {extension.isLoading ? (
            <Loading />
          ) : extension.isError ? (
            <ErrorAlert error={extension.error} onRetry={() => extension.refetch()} />
          ) : (
            <Form<Values>
              key={`${unitId}-${code}`}
              form={form}
              initialValues={initial}
              layout="vertical"
              onValuesChange={() => save.isSuccess && save.reset()}
              onFinish={(v) =>
                save.mutate(extensionOf(v, (id) => leaves.find((c) => c.id === id)?.kind ?? 'score'))
              }
            >
              <Form.List name="sub_criteria">
                {(groups, { add, remove }) => (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
                      {t('subCriteria')}
                    </Typography.Title>
                    {groups.map((group) => {
                      const parent = form.getFieldValue(['sub_criteria', group.name, 'parent_id']) as string
                      const error = errors[`criteria.${parent}`]
                      return (
                        <Card
                          key={group.key}
                          size="small"
                          extra={
                            <Button size="small" danger onClick={() => remove(group.name)}>
                              {t('removeDetailGroup')}
                            </Button>
                          }
                          title={
                            <Form.Item
                              name={[group.name, 'parent_id']}
                              rules={[{ required: true, message: t('requiredParent') }]}
                              style={{ margin: '8px 0' }}
                              validateStatus={error ? 'error' : undefined}
                              help={error}
                            >
                              <Select
                                showSearch
                                optionFilterProp="label"
                                aria-label={t('parentCriterion')}
                                placeholder={t('parentCriterion')}
                                options={leaves.map((c) => ({
                                  value: c.id,
                                  label: `${c.id}. ${c.label} (${t('points', { points: c.max_points })})`,
                                }))}
                              />
                            </Form.Item>
                          }
                        >
                          <Form.List name={[group.name, 'children']}>
                            {(children, rows) => (
                              <>
                                {children.map((child) => (
                                  <Space key={child.key} align="start" wrap style={{ display: 'flex' }}>
                                    <Form.Item
                                      name={[child.name, 'label']}
                                      rules={[
                                        { required: true, whitespace: true, message: t('requiredLabel') },
                                      ]}
                                    >
                                      <Input
                                        aria-label={t('subLabel')}
                                        placeholder={t('subLabel')}
                                        style={{ minWidth: 320 }}
                                      />
                                    </Form.Item>
                                    <Form.Item
                                      name={[child.name, 'max_points']}
                                      rules={[{ required: true, message: t('requiredPoints') }]}
                                    >
                                      <InputNumber aria-label={t('maxPoints')} min={0} max={100} step={0.5} />
                                    </Form.Item>
                                    <Button onClick={() => rows.remove(child.name)}>{t('remove')}</Button>
                                  </Space>
                                ))}
                                <Button onClick={() => rows.add({ label: '', max_points: undefined })}>
                                  {t('addSub')}
                                </Button>
                              </>
                            )}
                          </Form.List>
                        </Card>
                      )
                    })}
                    <Button onClick={() => add({ parent_id: undefined, children: [{}, {}] })}>
                      {t('addDetailGroup')}
                    </Button>
                  </Space>
                )}
              </Form.List>
              <Form.List name="deductions">
                {(rows, { add, remove }) => (
                  <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
                    <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
                      {t('deductions')}
                    </Typography.Title>
                    {rows.map((row) => (
                      <Space key={row.key} align="start" wrap style={{ display: 'flex' }}>
                        <Form.Item
                          name={[row.name, 'label']}
                          rules={[{ required: true, whitespace: true, message: t('requiredLabel') }]}
                        >
                          <Input
                            aria-label={t('deductionLabel')}
                            placeholder={t('deductionLabel')}
                            style={{ minWidth: 320 }}
                          />
                        </Form.Item>
                        <Form.Item
                          name={[row.name, 'max_points']}
                          rules={[{ required: true, message: t('requiredPoints') }]}
                        >
                          <InputNumber aria-label={t('deductionMax')} min={0} max={100} step={0.5} />
                        </Form.Item>
                        <Button onClick={() => remove(row.name)}>{t('remove')}</Button>
                      </Space>
                    ))}
                    <Button onClick={() => add({ label: '', max_points: undefined })}>
                      {t('addDeduction')}
                    </Button>
                  </Space>
                )}
              </Form.List>
              <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
                {save.isError && Object.keys(errors).length === 0 && <ErrorAlert error={save.error} />}
                {Object.entries(errors)
                  .filter(
                    ([field]) =>
                      !field.startsWith('criteria.') || !leaves.some((c) => field === `criteria.${c.id}`),
                  )
                  .map(([field, message]) => (
                    <Alert key={field} type="error" showIcon message={message} />
                  ))}
                {save.isSuccess && <Alert type="success" showIcon message={t('extensionSaved')} />}
                <Button type="primary" htmlType="submit" loading={save.isPending}>
                  {t('saveExtension')}
                </Button>
              </Space>
            </Form>
          )}
        </>
      )}
    </Space>
  )
}

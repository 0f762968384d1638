import { App, Button, Checkbox, Form, Select, Table, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fieldErrors, useMe } from '../../api'
import { ErrorAlert } from '../../components'
import { FormModal, useOnOpen } from '../../components/FormModal'
import { useEvaluatorRules, useSaveEvaluatorRules, type EvaluatorRules } from './useRules'

type Rule = EvaluatorRules['rules'][number]

/**
 * The post rules of Điều 10.1 (DESIGN 2.4 rule 6): the holder of each office is decided by the
 * holder of the first office in its list that someone holds, or by the central level (outside
 * the system). Operators change one rule at a time; the server checks the whole table.
 */
export function PostRulesPanel() {
  const { t } = useTranslation('rules')
  const { t: common } = useTranslation()
  const { message } = App.useApp()
  const me = useMe()
  const operator = me.data?.account.roles.some((r) => r.role === 'operator') ?? false
  const rules = useEvaluatorRules()
  const save = useSaveEvaluatorRules()
  const [editing, setEditing] = useState<Rule>()
  const [form] = Form.useForm<{ decided_by: string[]; outside: boolean }>()
  const outside = Form.useWatch('outside', form)
  const office = (code: string) => common(`offices.${code}`, { defaultValue: code })
  useOnOpen(!!editing, () => {
    save.reset()
    form.setFieldsValue({
      decided_by: editing?.decided_by ?? [],
      outside: editing?.evaluated_outside ?? false,
    })
  })
  if (rules.isError) return <ErrorAlert error={rules.error} onRetry={() => rules.refetch()} />
  const table = rules.data
  const index = editing && table ? table.rules.findIndex((r) => r.office === editing.office) : -1
  const errors = fieldErrors(save.error)
  const error = errors[`rules[${index}].decided_by`] ?? Object.values(errors)[0]

  return (
    <>
      <Typography.Paragraph>{t('postRulesIntro')}</Typography.Paragraph>
      <Table<Rule>
        size="small"
        rowKey="office"
        data-testid="post-rules"
        loading={rules.isLoading}
        dataSource={table?.rules ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('postRuleOffice'), render: (_, r) => office(r.office) },
          {
            title: t('postRuleDecidedBy'),
            render: (_, r) =>
              r.evaluated_outside ? (
                <Typography.Text type="secondary">{t('evaluatedOutside')}</Typography.Text>
              ) : (
                r.decided_by.map(office).join(t('orElse'))
              ),
          },
          ...(operator
            ? [
                {
                  title: '',
                  width: 90,
                  render: (_: unknown, r: Rule) => (
                    <Button
                      size="small"
                      onClick={() => setEditing(r)}
                      aria-label={t('editRuleOf', { office: office(r.office) })}
                    >
                      {t('editRule')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <FormModal
        open={!!editing}
        title={editing ? t('editRuleTitle', { office: office(editing.office) }) : ''}
        pending={save.isPending}
        error={save.error}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            table &&
            editing &&
            save.mutate(
              {
                offices: [],
                rules: table.rules.map((r) =>
                  r.office === editing.office
                    ? {
                        office: r.office,
                        decided_by: v.outside ? [] : v.decided_by,
                        evaluated_outside: false,
                      }
                    : r,
                ),
              },
              {
                onSuccess: () => {
                  void message.success(t('ruleSaved'))
                  setEditing(undefined)
                },
              },
            )
          }
        >
          <Form.Item name="outside" valuePropName="checked">
            <Checkbox>{t('evaluatedOutside')}</Checkbox>
          </Form.Item>
          {!outside && (
            <Form.Item
              name="decided_by"
              label={t('postRuleDecidedBy')}
              extra={t('decidedByHelp')}
              rules={[{ required: true, message: t('decidedByRequired') }]}
              validateStatus={error ? 'error' : undefined}
              help={error}
            >
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={(table?.offices ?? [])
                  .filter((code) => code !== editing?.office)
                  .map((code) => ({ value: code, label: office(code) }))}
              />
            </Form.Item>
          )}
        </Form>
      </FormModal>
    </>
  )
}

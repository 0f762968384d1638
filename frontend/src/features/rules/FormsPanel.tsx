import { Button, Table, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert, ToneTag, dayLabel } from '../../components'
import { FormVersionsDrawer } from './FormVersionsDrawer'
import { useForms, type Form } from './useRules'

type Criterion = Form['criteria'][number]

/** The criteria of a form as an indented list, with their kinds and maximum points. */
function Criteria({ form }: { form: Form }) {
  const { t } = useTranslation('rules')
  const depth = (c: Criterion): number => {
    const parent = form.criteria.find((p) => p.id === c.parent_id)
    return parent ? 1 + depth(parent) : 0
  }
  return (
    <Table
      size="small"
      rowKey="id"
      dataSource={form.criteria}
      pagination={false}
      aria-label={t('criteriaOf', { code: form.code })}
      columns={[
        {
          title: t('criterion'),
          render: (_, c) => (
            <span style={{ paddingInlineStart: depth(c) * 20 }}>{`${c.id}. ${c.label}`}</span>
          ),
        },
        { title: t('kind'), render: (_, c) => t(`kinds.${c.kind}`, { defaultValue: c.kind }) },
        { title: t('maxPoints'), dataIndex: 'max_points', width: 100 },
      ]}
    />
  )
}

/** The 19 forms in force (Điều 11): their versions and criteria. */
export function FormsPanel() {
  const { t } = useTranslation('rules')
  const forms = useForms()
  const [versionsOf, setVersionsOf] = useState<number>()
  if (forms.isError) return <ErrorAlert error={forms.error} onRetry={() => forms.refetch()} />
  return (
    <>
      <Typography.Paragraph>{t('formsIntro')}</Typography.Paragraph>
      <Table<Form>
        size="small"
        rowKey="code"
        data-testid="forms"
        loading={forms.isLoading}
        dataSource={forms.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        expandable={{ expandedRowRender: (form) => <Criteria form={form} /> }}
        columns={[
          { title: t('code'), dataIndex: 'code', width: 70 },
          { title: t('formTitle'), dataIndex: 'title' },
          { title: t('version'), dataIndex: 'version', width: 90 },
          { title: t('effectiveFrom'), render: (_, f) => dayLabel(f.effective_from), width: 130 },
          {
            title: '',
            render: (_, f) => (f.editable_default ? <ToneTag tone="gold">{t('defaultText')}</ToneTag> : null),
          },
          {
            title: '',
            render: (_, f) => (
              <Button
                size="small"
                onClick={() => setVersionsOf(f.code)}
                aria-label={t('versionsOf', { code: f.code })}
              >
                {t('versions')}
              </Button>
            ),
          },
        ]}
      />
      <FormVersionsDrawer code={versionsOf} onClose={() => setVersionsOf(undefined)} />
    </>
  )
}

import { Alert, Checkbox, DatePicker, Form, Input, InputNumber, Table, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fieldErrors } from '../../api'
import { FormModal, useOnOpen } from '../../components/FormModal'
import { useAddFormVersion, type FormVersion } from './useRules'

/** A node of a stored form definition (as in domain/forms/*.json). */
type Node = { id: string; label: string; kind: string; max_points: number; children?: Node[] }
type Row = { id: string; depth: number; kind: string }
type Edit = { label: string; max_points: number }

function flatten(nodes: Node[], depth = 0): Row[] {
  return nodes.flatMap((n) => [{ id: n.id, depth, kind: n.kind }, ...flatten(n.children ?? [], depth + 1)])
}

function apply(nodes: Node[], edits: Record<string, Edit>): Node[] {
  return nodes.map((n) => ({
    ...n,
    ...edits[n.id],
    ...(n.children ? { children: apply(n.children, edits) } : {}),
  }))
}

/** Each criterion's wording and maximum, by id: what the table edits. */
function collect(nodes: Node[]): Record<string, Edit> {
  return Object.fromEntries(
    nodes.flatMap((n) => [
      [n.id, { label: n.label, max_points: Number(n.max_points) }] as const,
      ...Object.entries(collect(n.children ?? [])),
    ]),
  )
}

/**
 * A new version of a form, made from the latest: its title, the date it applies from, and each
 * criterion's wording and maximum points. The server checks the maxima add up and names any
 * criterion that does not; evaluations keep the version they were scored with.
 */
export function NewVersionModal({
  open,
  code,
  latest,
  onClose,
  onAdded,
}: {
  open: boolean
  code: number
  latest: FormVersion
  onClose: () => void
  onAdded: (version: number) => void
}) {
  const { t } = useTranslation('rules')
  const add = useAddFormVersion(code)
  const definition = latest.definition as unknown as { criteria: Node[]; title: string }
  const [form] = Form.useForm<{ title: string; effective_from: Dayjs; official: boolean }>()
  const [edits, setEdits] = useState<Record<string, Edit>>({})
  useOnOpen(open, () => {
    add.reset()
    setEdits(collect(definition.criteria))
    form.setFieldsValue({
      title: definition.title,
      effective_from: dayjs().add(1, 'month').startOf('month'),
      official: !latest.editable_default,
    })
  })
  const errors = fieldErrors(add.error)
  const rows = flatten(definition.criteria)
  // Errors of the form as a whole, or of a criterion not in the table, are listed above it.
  const unplaced = Object.entries(errors).filter(([field]) => !rows.some((r) => field === `criteria.${r.id}`))
  const edit = (id: string, change: Partial<Edit>) =>
    setEdits((all) => ({ ...all, [id]: { ...all[id], ...change } }))

  return (
    <FormModal
      open={open}
      width={760}
      title={t('addVersionTitle', { code })}
      pending={add.isPending}
      error={add.error}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          add.mutate(
            {
              ...latest.definition,
              title: v.title.trim(),
              effective_from: v.effective_from.format('YYYY-MM-DD'),
              editable_default: !v.official,
              criteria: apply(definition.criteria, edits),
            },
            { onSuccess: (stored) => onAdded(stored.version) },
          )
        }
      >
        <Form.Item
          name="title"
          label={t('formTitle')}
          rules={[{ required: true, whitespace: true, message: t('requiredTitle') }]}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
        <Form.Item
          name="effective_from"
          label={t('effectiveFrom')}
          extra={t('effectiveFromHelp')}
          rules={[{ required: true, message: t('requiredDate') }]}
        >
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item name="official" valuePropName="checked">
          <Checkbox>{t('officialText')}</Checkbox>
        </Form.Item>
      </Form>
      {unplaced.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={unplaced.map(([field, message]) => (
            <div key={field}>{message}</div>
          ))}
        />
      )}
      <Table<Row>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rows}
        scroll={{ y: 360, x: true }}
        aria-label={t('criteriaOf', { code })}
        columns={[
          {
            title: t('criterion'),
            render: (_, r) => {
              const error = errors[`criteria.${r.id}`]
              return (
                <div style={{ paddingInlineStart: r.depth * 16 }}>
                  <Typography.Text strong>{r.id}</Typography.Text>
                  <Input.TextArea
                    aria-label={t('criterionLabel', { id: r.id })}
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    status={error ? 'error' : undefined}
                    value={edits[r.id]?.label}
                    onChange={(e) => edit(r.id, { label: e.target.value })}
                  />
                  {error && <div className="ant-form-item-explain-error">{error}</div>}
                </div>
              )
            },
          },
          {
            title: t('maxPoints'),
            width: 110,
            render: (_, r) => (
              <InputNumber
                aria-label={t('criterionMax', { id: r.id })}
                min={0}
                max={100}
                step={0.5}
                value={edits[r.id]?.max_points}
                onChange={(v) => edit(r.id, { max_points: v ?? 0 })}
              />
            ),
          },
        ]}
      />
    </FormModal>
  )
}

import { Alert, Button, Form, Input, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert, hanoiDateTime } from '../../components'
import { useAudit, useVerifyAudit, type AuditFilter } from './useIntegration'

/** The audit trail with filters, and the verification of its hash chain. */
export function AuditPanel() {
  const { t } = useTranslation('integration')
  const [filter, setFilter] = useState<AuditFilter>({})
  const audit = useAudit(filter)
  const verify = useVerifyAudit()

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button onClick={() => verify.mutate()} loading={verify.isPending}>
          {t('verifyChain')}
        </Button>
      </Space>
      {verify.isError && <ErrorAlert error={verify.error} />}
      {verify.data && (
        <Alert
          role="status"
          type={verify.data.intact ? 'success' : 'error'}
          showIcon
          title={
            verify.data.intact
              ? t('intact', { rows: verify.data.rows_checked, checkpoints: verify.data.checkpoints_checked })
              : t('broken', { id: verify.data.first_broken_id })
          }
        />
      )}
      <Form
        layout="inline"
        onFinish={(v: AuditFilter) =>
          setFilter({
            entity: v.entity?.trim() || undefined,
            action: v.action?.trim() || undefined,
            entityId: v.entityId?.trim() || undefined,
          })
        }
        style={{ rowGap: 8 }}
      >
        <Form.Item name="entity" label={t('entity')}>
          <Input placeholder="evaluation, person, unit…" />
        </Form.Item>
        <Form.Item name="action" label={t('action')}>
          <Input placeholder="evaluation.decide…" />
        </Form.Item>
        <Form.Item name="entityId" label={t('entityId')}>
          <Input />
        </Form.Item>
        <Button htmlType="submit">{t('filter')}</Button>
      </Form>
      {audit.isError ? (
        <ErrorAlert error={audit.error} onRetry={() => audit.refetch()} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          data-testid="audit"
          loading={audit.isLoading}
          dataSource={audit.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: <Typography.Text type="secondary">{t('noAudit')}</Typography.Text> }}
          columns={[
            { title: t('at'), render: (_, e) => hanoiDateTime(e.at) },
            { title: t('action'), dataIndex: 'action' },
            { title: t('entity'), render: (_, e) => `${e.entity} ${e.entity_id}` },
            { title: t('actor'), render: (_, e) => e.actor_account_id ?? e.actor_client_id ?? '—' },
          ]}
        />
      )}
    </Space>
  )
}

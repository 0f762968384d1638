import { Button, Card, Checkbox, Form, Input, List, Modal, Popconfirm, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fieldErrors, type Schemas } from '../../api'
import { ErrorAlert, ToneTag, hanoiDateTime } from '../../components'
import { ShownOnce } from '../../components/ShownOnce'
import {
  useCreateServiceClient,
  useCreateWebhook,
  useDeleteWebhook,
  useDeliveries,
  useServiceClients,
  useWebhooks,
  type ServiceClient,
} from './useIntegration'

const SCOPES: Schemas['Scope'][] = ['org_read', 'org_write', 'evaluations_read', 'results_read', 'export']
const EVENTS = ['evaluation.decided', 'evaluation.corrected', 'unit.published', 'person.transferred']

/** A secret shown once, in a dialog of its own. */
function SecretDialog({ title, secret, onClose }: { title: string; secret?: string; onClose: () => void }) {
  const { t } = useTranslation('integration')
  return (
    <Modal
      open={!!secret}
      title={title}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('close')}
        </Button>
      }
    >
      {secret && (
        <ShownOnce title={t('secretReady')} label={t('secretLabel')} value={secret} note={t('secretOnce')} />
      )}
    </Modal>
  )
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation('integration')
  const deliveries = useDeliveries(webhookId)
  if (deliveries.isError) return <ErrorAlert error={deliveries.error} />
  return (
    <Table
      size="small"
      rowKey="id"
      loading={deliveries.isLoading}
      dataSource={deliveries.data ?? []}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: <Typography.Text type="secondary">{t('noDeliveries')}</Typography.Text> }}
      columns={[
        { title: t('createdAt'), render: (_, d) => hanoiDateTime(d.created_at) },
        { title: t('events'), dataIndex: 'event' },
        { title: t('status'), dataIndex: 'status' },
        { title: t('attempts'), dataIndex: 'attempts' },
        { title: t('lastError'), render: (_, d) => d.last_error ?? '—' },
      ]}
    />
  )
}

function Webhooks({ client }: { client: ServiceClient }) {
  const { t } = useTranslation('integration')
  const webhooks = useWebhooks(client.id)
  const create = useCreateWebhook(client.id)
  const remove = useDeleteWebhook(client.id)
  const [form] = Form.useForm<{ url: string; events: string[] }>()
  const [secret, setSecret] = useState<string>()
  const errors = fieldErrors(create.error)
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          {t('webhooks', { name: client.name })}
        </Typography.Title>
      }
    >
      <Form
        form={form}
        layout="inline"
        initialValues={{ events: EVENTS }}
        onFinish={(v) =>
          create.mutate(
            { url: v.url.trim(), events: v.events },
            {
              onSuccess: (created) => {
                form.resetFields()
                setSecret(created.secret)
              },
            },
          )
        }
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item
          name="url"
          label={t('url')}
          rules={[{ required: true, whitespace: true, message: t('required', { field: t('url') }) }]}
          validateStatus={errors.url ? 'error' : undefined}
          help={errors.url}
        >
          <Input style={{ width: 320 }} placeholder="https://" />
        </Form.Item>
        {/* No client-side rule: antd would put aria-required on the group's div, which has no role;
            the server refuses an empty list with a clear message. */}
        <Form.Item name="events" label={t('events')}>
          <Checkbox.Group options={EVENTS.map((e) => ({ value: e, label: t(`eventNames.${e}`) }))} />
        </Form.Item>
        <Button htmlType="submit" loading={create.isPending}>
          {t('addWebhook')}
        </Button>
      </Form>
      {create.isError && !errors.url && <ErrorAlert error={create.error} />}
      <List
        data-testid="webhooks"
        loading={webhooks.isLoading}
        dataSource={webhooks.data ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('noWebhooks')}</Typography.Text> }}
        renderItem={(w) => (
          <List.Item>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong>{w.url}</Typography.Text>
                {w.events.map((e) => (
                  <ToneTag key={e} tone="blue">
                    {t(`eventNames.${e}`, { defaultValue: e })}
                  </ToneTag>
                ))}
                <Popconfirm
                  title={t('removeWebhook')}
                  okText={t('removeWebhook')}
                  cancelText={t('cancel')}
                  onConfirm={() => remove.mutate(w.id)}
                >
                  <Button size="small">{t('removeWebhook')}</Button>
                </Popconfirm>
              </Space>
              <Typography.Text>{t('deliveries')}</Typography.Text>
              <Deliveries webhookId={w.id} />
            </Space>
          </List.Item>
        )}
      />
      <SecretDialog
        title={t('secretTitle', { name: client.name })}
        secret={secret}
        onClose={() => setSecret(undefined)}
      />
    </Card>
  )
}

/** Service clients (HR systems and others that call the API), their scopes and webhooks. */
export function ClientsPanel() {
  const { t } = useTranslation('integration')
  const clients = useServiceClients()
  const create = useCreateServiceClient()
  const [adding, setAdding] = useState(false)
  const [selected, setSelected] = useState<string>()
  const [created, setCreated] = useState<{ name: string; secret: string }>()
  const [form] = Form.useForm<{ name: string; client_id: string; scopes: Schemas['Scope'][] }>()
  const errors = fieldErrors(create.error)
  const chosen = clients.data?.find((c) => c.id === selected)

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setAdding(true)}>
        {t('addClient')}
      </Button>
      {clients.isError ? (
        <ErrorAlert error={clients.error} onRetry={() => clients.refetch()} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={clients.isLoading}
          dataSource={clients.data ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            {
              title: t('clientName'),
              render: (_, c) => (
                <Button type="link" style={{ padding: 0, height: 'auto' }} onClick={() => setSelected(c.id)}>
                  {c.name}
                </Button>
              ),
            },
            { title: t('clientId'), dataIndex: 'client_id' },
            {
              title: t('scopes'),
              render: (_, c) => c.scopes.map((s) => t(`scopeNames.${s}`, { defaultValue: s })).join(', '),
            },
            {
              title: t('status'),
              render: (_, c) => t(`clientStatus.${c.status}`, { defaultValue: c.status }),
            },
          ]}
        />
      )}
      {chosen && <Webhooks client={chosen} />}
      <Modal
        open={adding}
        title={t('addClient')}
        okText={t('save')}
        cancelText={t('cancel')}
        confirmLoading={create.isPending}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ scopes: ['org_read'] }}
          onFinish={(v) =>
            create.mutate(
              { name: v.name.trim(), client_id: v.client_id.trim(), scopes: v.scopes },
              {
                onSuccess: (answer) => {
                  setAdding(false)
                  setSelected(answer.client.id)
                  setCreated({ name: answer.client.name, secret: answer.client_secret })
                },
              },
            )
          }
        >
          <Form.Item
            name="name"
            label={t('clientName')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('required', { field: t('clientName').toLowerCase() }),
              },
            ]}
            validateStatus={errors.name ? 'error' : undefined}
            help={errors.name}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="client_id"
            label={t('clientId')}
            extra={t('clientIdHint')}
            rules={[{ required: true, whitespace: true, message: t('required', { field: t('clientId') }) }]}
            validateStatus={errors.client_id ? 'error' : undefined}
            help={errors.client_id}
          >
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item name="scopes" label={t('scopes')}>
            <Checkbox.Group options={SCOPES.map((s) => ({ value: s, label: t(`scopeNames.${s}`) }))} />
          </Form.Item>
        </Form>
        {create.isError && Object.keys(errors).length === 0 && <ErrorAlert error={create.error} />}
      </Modal>
      <SecretDialog
        title={t('secretTitle', { name: created?.name ?? '' })}
        secret={created?.secret}
        onClose={() => setCreated(undefined)}
      />
    </Space>
  )
}

import '../../i18n/admin'
import { App, Button, Form, Input, Modal, Space, Table } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorAlert, PageTitle, ToneTag, dayLabel, hanoiDateTime } from '../../components'
import { usePeopleByIds } from '../../components/people'
import { AccountChangeModal } from './AccountChangeModal'
import { FunctionalAccountModal } from './FunctionalAccountModal'
import { OneTimePassword } from './OneTimePassword'
import { useAccounts, usePatchAccount, type Account, type AccountWithPassword } from './useAccounts'

type StatusAction = { account: Account; status: 'restricted' | 'revoked' | 'active' }
type Change = { account: Account; change: 'extend' | 'handover' }

/** The accounts the administrator manages: status, roles, and what can be done with each. */
export default function AccountsPage() {
  const { t } = useTranslation('accounts')
  const { message } = App.useApp()
  const [q, setQ] = useState('')
  const list = useAccounts(q)
  const patch = usePatchAccount()
  // Who holds each functional account now, named in one request.
  const holders = usePeopleByIds((list.data?.items ?? []).map((a) => a.holder_person_id))
  const [reset, setReset] = useState<AccountWithPassword>()
  const [statusAction, setStatusAction] = useState<StatusAction>()
  const [form] = Form.useForm<{ reason: string }>()
  const [creating, setCreating] = useState(false)
  const [change, setChange] = useState<Change>()
  const actionLabel = (status: StatusAction['status']) =>
    status === 'restricted' ? t('restrict') : status === 'revoked' ? t('revoke') : t('restore')

  const confirmReset = (account: Account) =>
    Modal.confirm({
      title: t('reset'),
      content: t('resetConfirm', { username: account.username }),
      okText: t('ok'),
      cancelText: t('cancel'),
      onOk: () =>
        patch.mutateAsync({ id: account.id, patch: { reset_password: true } }).then(setReset, (error) => {
          void message.error(error instanceof Error ? error.message : String(error))
        }),
    })

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('functional')}
            </Button>
            <Link to="/tai-khoan/nhap">{t('importTitle')}</Link>
          </Space>
        }
      >
        {t('title')}
      </PageTitle>
      <Input.Search
        allowClear
        aria-label={t('search')}
        placeholder={t('search')}
        onSearch={setQ}
        style={{ maxWidth: 360, marginBottom: 12 }}
      />
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Account>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('empty') }}
          pagination={{ pageSize: 25, hideOnSinglePage: true }}
          scroll={{ x: true }}
          columns={[
            { title: t('username'), dataIndex: 'username' },
            {
              title: t('status'),
              render: (_, a) => (
                <Space size={4} wrap>
                  <ToneTag
                    tone={a.status === 'active' ? 'green' : a.status === 'restricted' ? 'gold' : 'gray'}
                  >
                    {t(`statuses.${a.status}`)}
                  </ToneTag>
                  {a.must_change_password && <ToneTag tone="gray">{t('mustChange')}</ToneTag>}
                </Space>
              ),
            },
            {
              title: t('roles'),
              render: (_, a) =>
                a.roles.length === 0
                  ? t('personal')
                  : a.roles
                      .map((r) =>
                        r.decision_number
                          ? t('roleByDecision', {
                              role: t(`roleNames.${r.role}`),
                              number: r.decision_number,
                              date: r.decision_date ? dayLabel(r.decision_date) : '',
                            })
                          : t(`roleNames.${r.role}`),
                      )
                      .join(', '),
            },
            {
              title: t('holder'),
              render: (_, a) =>
                a.person_id
                  ? '—'
                  : a.holder_person_id
                    ? (holders.byId.get(a.holder_person_id)?.full_name ?? '…')
                    : t('noHolder'),
            },
            {
              title: t('validUntil'),
              render: (_, a) => (a.valid_until ? hanoiDateTime(a.valid_until) : '—'),
            },
            {
              title: t('actions'),
              render: (_, a) => (
                <Space wrap>
                  <Button size="small" onClick={() => setChange({ account: a, change: 'extend' })}>
                    {t('extend')}
                  </Button>
                  {!a.person_id && (
                    <Button size="small" onClick={() => setChange({ account: a, change: 'handover' })}>
                      {t('handover')}
                    </Button>
                  )}
                  <Button
                    size="small"
                    onClick={() => confirmReset(a)}
                    aria-label={`${t('reset')}: ${a.username}`}
                  >
                    {t('reset')}
                  </Button>
                  {a.status === 'active' ? (
                    <>
                      <Button
                        size="small"
                        onClick={() => setStatusAction({ account: a, status: 'restricted' })}
                      >
                        {t('restrict')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        onClick={() => setStatusAction({ account: a, status: 'revoked' })}
                      >
                        {t('revoke')}
                      </Button>
                    </>
                  ) : (
                    <Button size="small" onClick={() => setStatusAction({ account: a, status: 'active' })}>
                      {t('restore')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}

      <FunctionalAccountModal open={creating} onClose={() => setCreating(false)} />
      <AccountChangeModal
        account={change?.account}
        change={change?.change ?? 'extend'}
        onClose={() => setChange(undefined)}
        onDone={() => {
          if (change) void message.success(t('changed', { username: change.account.username }))
          setChange(undefined)
        }}
      />

      <Modal
        open={!!reset}
        title={t('reset')}
        onCancel={() => setReset(undefined)}
        footer={
          <Button type="primary" onClick={() => setReset(undefined)}>
            {t('close')}
          </Button>
        }
      >
        {reset && (
          <OneTimePassword username={reset.account.username} password={reset.one_time_password ?? ''} />
        )}
      </Modal>

      <Modal
        open={!!statusAction}
        destroyOnHidden
        title={
          statusAction &&
          t('reasonTitle', {
            action: actionLabel(statusAction.status),
            username: statusAction.account.username,
          })
        }
        okText={t('ok')}
        cancelText={t('cancel')}
        confirmLoading={patch.isPending}
        onCancel={() => setStatusAction(undefined)}
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={({ reason }) =>
            statusAction &&
            patch.mutate(
              {
                id: statusAction.account.id,
                patch: { status: statusAction.status, status_reason: reason.trim() },
              },
              {
                onSuccess: () => {
                  void message.success(t('changed', { username: statusAction.account.username }))
                  setStatusAction(undefined)
                },
              },
            )
          }
        >
          <Form.Item
            name="reason"
            label={t('reason')}
            rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
        {patch.isError && <ErrorAlert error={patch.error} />}
      </Modal>
    </>
  )
}

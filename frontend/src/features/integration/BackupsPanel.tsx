import { App, Button, Space, Table, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { ErrorAlert, ToneTag, hanoiDateTime } from '../../components'
import { useBackupAction, useBackups } from './useIntegration'

const MB = 1024 * 1024

/** Backups (Điều 13.2.2): make one now, and verify one by restoring it into a scratch database. */
export function BackupsPanel() {
  const { t } = useTranslation('integration')
  const { message } = App.useApp()
  const backups = useBackups()
  const action = useBackupAction()
  const run = (a: Parameters<typeof action.mutate>[0]) =>
    action.mutate(a, {
      onSuccess: (b) =>
        void message.success(a.kind === 'create' ? t('backupDone', { file: b.file_name }) : t('verifyDone')),
      onError: (error) => void message.error(error.message),
    })

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Button
        type="primary"
        loading={action.isPending && action.variables?.kind === 'create'}
        onClick={() => run({ kind: 'create' })}
      >
        {t('backupNow')}
      </Button>
      {backups.isError ? (
        <ErrorAlert error={backups.error} onRetry={() => backups.refetch()} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          data-testid="backups"
          loading={backups.isLoading}
          dataSource={backups.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: true }}
          locale={{ emptyText: <Typography.Text type="secondary">{t('noBackups')}</Typography.Text> }}
          columns={[
            { title: t('createdAt'), render: (_, b) => hanoiDateTime(b.created_at) },
            { title: t('backups'), dataIndex: 'file_name' },
            {
              title: t('status'),
              render: (_, b) => (
                <ToneTag tone={b.status === 'verified' ? 'green' : b.status === 'failed' ? 'red' : 'gray'}>
                  {t(`backupStatus.${b.status}`, { defaultValue: b.status })}
                </ToneTag>
              ),
            },
            {
              title: t('size'),
              render: (_, b) =>
                `${(b.byte_size / MB).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`,
            },
            { title: t('rows'), render: (_, b) => b.rows.toLocaleString('vi-VN') },
            {
              title: t('verifiedAt'),
              render: (_, b) => (b.verified_at ? hanoiDateTime(b.verified_at) : '—'),
            },
            {
              title: '',
              render: (_, b) =>
                b.status === 'written' || b.status === 'verified' ? (
                  <Button
                    size="small"
                    loading={
                      action.isPending && action.variables?.kind === 'verify' && action.variables.id === b.id
                    }
                    onClick={() => run({ kind: 'verify', id: b.id })}
                  >
                    {t('verify')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </Space>
  )
}

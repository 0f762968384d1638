import '../../i18n/admin'
import { Alert, Button, Card, Progress, Space, Table, Typography, Upload } from 'antd'
import { InboxOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert, PageTitle } from '../../components'
import { isFinished, useImportJob, useStartImport } from './useAccounts'

/** Bulk import of people from CSV/XLSX: the file is sent, then its progress and row errors shown. */
export default function ImportPage() {
  const { t } = useTranslation('accounts')
  const start = useStartImport()
  const [jobId, setJobId] = useState<string>()
  const job = useImportJob(jobId)
  const j = job.data

  return (
    <>
      <PageTitle>{t('importTitle')}</PageTitle>
      <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
        <Typography.Paragraph>{t('importIntro')}</Typography.Paragraph>
        {!jobId && (
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            customRequest={({ file }) =>
              start.mutate(file as File, { onSuccess: (created) => setJobId(created.id) })
            }
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined aria-hidden />
            </p>
            <p className="ant-upload-text">{t('importDrop')}</p>
          </Upload.Dragger>
        )}
        {start.isError && <ErrorAlert error={start.error} />}
        {job.isError && <ErrorAlert error={job.error} onRetry={() => job.refetch()} />}
        {j && (
          <Card size="small" title={j.file_name} data-testid="import-job">
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong role="status">
                {t(`importStatus.${j.status}`, { defaultValue: j.status })}
              </Typography.Text>
              <Progress
                percent={
                  j.total_rows ? Math.round((100 * j.processed_rows) / j.total_rows) : isFinished(j) ? 100 : 0
                }
                status={j.status === 'failed' ? 'exception' : isFinished(j) ? 'success' : 'active'}
                aria-label={t('importProgress', { processed: j.processed_rows, total: j.total_rows })}
              />
              <Typography.Text>
                {t('importProgress', { processed: j.processed_rows, total: j.total_rows })}
              </Typography.Text>
              {j.status === 'succeeded' && (
                <Alert
                  type="success"
                  showIcon
                  title={t('importCounts', {
                    created: j.created_rows,
                    updated: j.updated_rows,
                    unchanged: j.unchanged_rows,
                  })}
                />
              )}
              {j.status === 'failed' && <Alert type="error" showIcon title={t('importFailed')} />}
              {j.errors.length > 0 && (
                <Table
                  size="small"
                  rowKey={(e) => `${e.row}-${e.field}-${e.code}`}
                  dataSource={j.errors}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  columns={[
                    { title: t('row'), dataIndex: 'row', width: 80 },
                    { title: t('field'), dataIndex: 'field', width: 140 },
                    { title: t('message'), dataIndex: 'message' },
                  ]}
                />
              )}
              {isFinished(j) && (
                <Button
                  onClick={() => {
                    start.reset()
                    setJobId(undefined)
                  }}
                >
                  {t('importAgain')}
                </Button>
              )}
            </Space>
          </Card>
        )}
      </Space>
    </>
  )
}

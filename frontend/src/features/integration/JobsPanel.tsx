import { App, Button, Table } from 'antd'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { ErrorAlert, ToneTag, hanoiDateTime } from '../../components'
import { useJobs, useRunJob } from './useIntegration'

function period(seconds: number, t: TFunction<'integration'>) {
  if (seconds % 86400 === 0) return t('days', { n: seconds / 86400 })
  if (seconds % 3600 === 0) return t('hours', { n: seconds / 3600 })
  if (seconds % 60 === 0) return t('minutes', { n: seconds / 60 })
  return t('seconds', { n: seconds })
}

/** The scheduled jobs with their last run; an operator makes one due now. */
export function JobsPanel() {
  const { t } = useTranslation('integration')
  const { message } = App.useApp()
  const jobs = useJobs()
  const run = useRunJob()
  if (jobs.isError) return <ErrorAlert error={jobs.error} onRetry={() => jobs.refetch()} />
  return (
    <Table
      size="small"
      rowKey="name"
      data-testid="jobs"
      loading={jobs.isLoading}
      dataSource={jobs.data ?? []}
      pagination={false}
      scroll={{ x: true }}
      columns={[
        { title: t('jobName'), render: (_, j) => t(`jobNames.${j.name}`, { defaultValue: j.name }) },
        { title: t('every'), render: (_, j) => period(j.every_seconds, t) },
        {
          title: t('lastRun'),
          render: (_, j) =>
            j.last_started_at ? (
              <>
                {hanoiDateTime(j.last_started_at)}{' '}
                {j.last_status && (
                  <ToneTag tone={j.last_status === 'succeeded' ? 'green' : 'red'}>
                    {t(`jobStatus.${j.last_status}`, { defaultValue: j.last_status })}
                  </ToneTag>
                )}
                {j.last_message ? ` ${j.last_message}` : ''}
              </>
            ) : (
              '—'
            ),
        },
        { title: t('nextRun'), render: (_, j) => hanoiDateTime(j.next_run_at) },
        {
          title: '',
          render: (_, j) => (
            <Button
              size="small"
              aria-label={`${t('runNow')}: ${t(`jobNames.${j.name}`, { defaultValue: j.name })}`}
              loading={run.isPending && run.variables === j.name}
              onClick={() =>
                run.mutate(j.name, {
                  onSuccess: () =>
                    void message.success(
                      t('jobQueued', { name: t(`jobNames.${j.name}`, { defaultValue: j.name }) }),
                    ),
                  onError: (error) => void message.error(error.message),
                })
              }
            >
              {t('runNow')}
            </Button>
          ),
        },
      ]}
    />
  )
}

import { Alert, Card, Descriptions, Flex, Table, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useCriteriaForm, useMe, usePeriodCalendar } from '../../api'
import {
  ErrorAlert,
  Loading,
  PageTitle,
  RankTag,
  StateTag,
  currentPeriod,
  periodLabel,
  isPeriod,
  dayLabel,
  lastDayBefore,
} from '../../components'
import { formatPoints } from '../../components/criteria'
import { SelfAssessment } from './SelfAssessment'
import { useMine, useMyHistory } from './useEvaluation'

/** Journey 4: my evaluation of a month (Điều 12.1): scores, comment, autosave, sending; my past months. */
export default function MyEvaluationPage() {
  const { t, i18n } = useTranslation('evaluation')
  const params = useParams()
  const me = useMe()
  const period = params.period ?? currentPeriod(me.data)
  const validPeriod = !!period && isPeriod(period)
  const person = me.data?.person
  const mine = useMine(validPeriod && person ? period : undefined)
  const form = useCriteriaForm(mine.data?.evaluation.form_code)
  const window = usePeriodCalendar(validPeriod ? period : undefined, person?.unit_id)
  const history = useMyHistory(person?.id)

  if (me.isPending) return <Loading />
  if (me.error) return <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
  if (!person) return <Alert type="info" showIcon title={t('noPerson')} />
  if (!validPeriod || !period) return <Alert type="error" showIcon title={t('badPeriod')} />

  const evaluation = mine.data?.evaluation
  const chain = evaluation?.chain

  return (
    <>
      <PageTitle extra={evaluation && <StateTag state={evaluation.state} />}>
        {t('title', { period: periodLabel(period) })}
      </PageTitle>
      {mine.error ? (
        <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />
      ) : !evaluation || form.isPending ? (
        form.error ? (
          <ErrorAlert error={form.error} onRetry={() => void form.refetch()} />
        ) : (
          <Loading />
        )
      ) : (
        <>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'period', label: t('period'), children: periodLabel(period) },
              { key: 'state', label: t('state'), children: <StateTag state={evaluation.state} /> },
              {
                key: 'window',
                label: t('selfWindow'),
                children: window.data
                  ? t('windowRange', {
                      from: window.data.self_opens ? dayLabel(window.data.self_opens) : '—',
                      to: window.data.self_closes ? lastDayBefore(window.data.self_closes) : '—',
                    })
                  : '—',
              },
              {
                key: 'decision',
                label: t('decisionCloses'),
                children: window.data
                  ? t('untilEndOf', { day: lastDayBefore(window.data.decision_closes) })
                  : '—',
              },
              {
                key: 'reviewer',
                label: t('reviewer'),
                children: chain?.reviewer
                  ? `${chain.reviewer.full_name} – ${chain.reviewer.position.title}`
                  : t('noReviewer'),
              },
              {
                key: 'decider',
                label: t('decider'),
                children: chain?.decider
                  ? `${chain.decider.full_name} – ${chain.decider.position.title}`
                  : t('noDecider'),
              },
              {
                key: 'form',
                label: t('form'),
                children: form.data ? `${t('formTitle', { code: form.data.code })}: ${form.data.title}` : '—',
              },
              ...(evaluation.rank_final
                ? [
                    {
                      key: 'final',
                      label: t('finalRank'),
                      children: <RankTag rank={evaluation.rank_final} />,
                    },
                  ]
                : []),
            ]}
          />
          <section aria-labelledby="criteria-heading">
            <Typography.Title level={2} id="criteria-heading" style={{ fontSize: 18 }}>
              {t('criteriaHeading')}
            </Typography.Title>
            {form.data && (
              <SelfAssessment
                key={evaluation.id}
                data={mine.data!}
                form={form.data}
                period={period}
                window={window.data}
              />
            )}
          </section>
        </>
      )}
      <section aria-labelledby="history-heading" style={{ marginTop: 32 }}>
        <Typography.Title level={2} id="history-heading" style={{ fontSize: 18 }}>
          {t('historyHeading')}
        </Typography.Title>
        {history.error ? (
          <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />
        ) : (
          <Card size="small">
            <Table
              size="small"
              rowKey="id"
              loading={history.isPending}
              pagination={false}
              scroll={{ x: true }}
              dataSource={history.data ?? []}
              locale={{ emptyText: t('historyEmpty') }}
              data-testid="history"
              columns={[
                {
                  title: t('historyMonth'),
                  dataIndex: 'period',
                  render: (p: string) => (
                    <Flex gap={8}>
                      <Link to={`/danh-gia/${p}`}>{periodLabel(p)}</Link>
                    </Flex>
                  ),
                },
                {
                  title: t('state'),
                  dataIndex: 'state',
                  render: (s: string) => <StateTag state={s} />,
                },
                {
                  title: t('historySelfTotal'),
                  key: 'self',
                  render: (_, r) => formatPoints(r.totals.self, i18n.language),
                },
                {
                  title: t('historyFinalTotal'),
                  key: 'decider',
                  render: (_, r) => formatPoints(r.totals.decider, i18n.language),
                },
                {
                  title: t('finalRank'),
                  dataIndex: 'rank_final',
                  render: (r: string | null) => <RankTag rank={r} />,
                },
              ]}
            />
          </Card>
        )}
      </section>
    </>
  )
}

import { Alert, Card, Flex, Select, Table, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMe } from '../../api'
import {
  ErrorAlert,
  Loading,
  PageTitle,
  RankTag,
  StateTag,
  currentPeriod,
  periodLabel,
} from '../../components'
import { formatPoints } from '../../components/criteria'
import { useQueue, useSummary, useUnit } from './useReview'

const STATES = ['draft', 'self_submitted', 'reviewed', 'decided', 'published'] as const

/** A link to a unit's summary, shown only when the summary answers (heads, acting heads, evaluators). */
function SummaryLink({ unitId, period }: { unitId: string; period: string }) {
  const { t } = useTranslation('review')
  const summary = useSummary(unitId, period)
  const unit = useUnit(unitId)
  if (!summary.data || !unit.data) return null
  return (
    <Link to={`/don-vi/${unitId}/tong-hop/${period}`} data-testid="summary-link">
      {t('summaryOf', { unit: unit.data.name })}
    </Link>
  )
}

/** Journey 5: the evaluations I review or decide this month, with filters and summaries. */
export default function ReviewQueuePage() {
  const { t, i18n } = useTranslation('review')
  const me = useMe()
  const period = currentPeriod(me.data)
  const [state, setState] = useState<string | undefined>()
  const [unitId, setUnitId] = useState<string | undefined>()
  const queue = useQueue(me.data?.person ? period : undefined, state)
  const person = me.data?.person
  // The unit the head heads and the one above it (a department's month is its district's).
  const ownUnit = useUnit(person?.position.category === 'head' ? person.unit_id : undefined)
  const summaryUnits = [
    person?.position.category === 'head' ? person.unit_id : undefined,
    ownUnit.data?.parent_id,
  ].filter((u): u is string => !!u)
  const unitOptions = useMemo(() => {
    const seen = new Map<string, string>()
    for (const r of queue.data ?? []) seen.set(r.person.unit_id, r.person.unit_id)
    return [...seen.keys()]
  }, [queue.data])
  const rows = (queue.data ?? []).filter((r) => !unitId || r.person.unit_id === unitId)

  if (me.isPending) return <Loading />
  if (me.error) return <ErrorAlert error={me.error} />
  if (!person || !period) return <Alert type="info" showIcon title={t('noPerson')} />

  return (
    <>
      <PageTitle>{t('queueTitle', { period: periodLabel(period) })}</PageTitle>
      <Typography.Paragraph>{t('queueIntro')}</Typography.Paragraph>
      {summaryUnits.length > 0 && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
            {t('summaries')}
          </Typography.Title>
          <Flex vertical gap={4}>
            {summaryUnits.map((u) => (
              <SummaryLink key={u} unitId={u} period={period} />
            ))}
          </Flex>
        </Card>
      )}
      <Flex wrap gap={12} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ minWidth: 220 }}
          aria-label={t('filterState')}
          placeholder={t('allStates')}
          value={state}
          onChange={(v) => setState(v)}
          options={STATES.map((s) => ({ value: s, label: t(`common:states.${s}`) }))}
        />
        {unitOptions.length > 1 && <UnitFilter units={unitOptions} value={unitId} onChange={setUnitId} />}
      </Flex>
      {queue.error ? (
        <ErrorAlert error={queue.error} onRetry={() => void queue.refetch()} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={queue.isPending}
          dataSource={rows}
          scroll={{ x: true }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t('empty') }}
          columns={[
            {
              title: t('name'),
              key: 'name',
              render: (_, r) => <Link to={`/xu-ly/${r.id}`}>{r.person.full_name}</Link>,
            },
            { title: t('post'), key: 'post', render: (_, r) => r.person.position.title },
            { title: t('state'), dataIndex: 'state', render: (s: string) => <StateTag state={s} /> },
            {
              title: t('selfTotal'),
              key: 'self',
              render: (_, r) => formatPoints(r.totals.self, i18n.language),
            },
            {
              title: t('rankSelf'),
              dataIndex: 'rank_self',
              render: (v: string | null) => <RankTag rank={v} />,
            },
            {
              title: t('finalTotal'),
              key: 'decider',
              render: (_, r) => formatPoints(r.totals.decider, i18n.language),
            },
            {
              title: t('rankFinal'),
              dataIndex: 'rank_final',
              render: (v: string | null) => <RankTag rank={v} />,
            },
          ]}
        />
      )}
    </>
  )
}

function UnitName({ id }: { id: string }) {
  const unit = useUnit(id)
  return <>{unit.data?.name ?? '…'}</>
}

function UnitFilter({
  units,
  value,
  onChange,
}: {
  units: string[]
  value?: string
  onChange: (v: string | undefined) => void
}) {
  const { t } = useTranslation('review')
  return (
    <Select
      allowClear
      style={{ minWidth: 220 }}
      aria-label={t('filterUnit')}
      placeholder={t('allUnits')}
      value={value}
      onChange={(v) => onChange(v)}
      options={units.map((u) => ({ value: u, label: <UnitName id={u} /> }))}
    />
  )
}

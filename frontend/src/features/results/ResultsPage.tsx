import { DownloadOutlined, FilePdfOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Flex, Grid, List, Table, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { api, useMe, type Schemas } from '../../api'
import { ErrorAlert, Loading, PageTitle, RankTag, safeFileName, saveDownload } from '../../components'
import { ToneTag } from '../../components/ToneTag'
import { currentPeriod, hanoiDateTime, isPeriod, periodLabel, shiftPeriod } from '../../components/periods'
import { CommendationsCard } from './CommendationsCard'
import {
  publishingUnitOf,
  useCommendations,
  useLatestPublished,
  usePublishedEvaluations,
  useResults,
  useSummary,
  useUnit,
} from './useResults'

/** Journey 6 (Điều 12.4): the published results of a unit's month, commendations, exports. */
export default function ResultsPage() {
  const { t } = useTranslation('results')
  const me = useMe()
  const params = useParams()
  const myUnit = useUnit(params.unitId ? undefined : me.data?.person?.unit_id)
  const unitId = params.unitId ?? publishingUnitOf(myUnit.data)
  const now = currentPeriod(me.data)
  const candidates = now ? [now, shiftPeriod(now, -1)] : []
  const latest = useLatestPublished(unitId, candidates, !isPeriod(params.period))
  const period = isPeriod(params.period) ? params.period : (latest.data ?? now)

  if (me.isPending || (!params.unitId && myUnit.isPending)) return <Loading />
  if (!unitId) {
    return (
      <>
        <PageTitle>{t('title')}</PageTitle>
        <Alert type="info" showIcon title={t('noUnit')} />
      </>
    )
  }
  if (!isPeriod(params.period) && latest.isPending) return <Loading />
  if (!period) return <Alert type="warning" showIcon title={t('noPeriod')} />
  return <UnitMonth unitId={unitId} period={period} me={me.data} />
}

function UnitMonth({
  unitId,
  period,
  me,
}: {
  unitId: string
  period: string
  me: ReturnType<typeof useMe>['data']
}) {
  const { t } = useTranslation('results')
  const { message } = App.useApp()
  const unit = useUnit(unitId)
  const results = useResults(unitId, period)
  const evaluations = usePublishedEvaluations(unitId, period)
  const summary = useSummary(unitId, period)
  const published = !!results.data
  const commendations = useCommendations(unitId, period, published)
  const [downloading, setDownloading] = useState<string | null>(null)
  const isHead = me?.person?.position.category === 'head' && me.person.unit_id === unitId
  const evaluationOf = new Map((evaluations.data?.items ?? []).map((e) => [e.person.id, e.id]))
  const qualifiedA = new Set(
    (summary.data?.groups ?? []).flatMap((g) =>
      g.members.filter((m) => m.qualified_a).map((m) => m.person.id),
    ),
  )
  const unitName = unit.data?.name ?? ''

  const download = async (key: string, run: () => Promise<void>) => {
    setDownloading(key)
    try {
      await run()
    } catch (e) {
      message.error(e instanceof Error && e.message ? e.message : t('downloadFailed'))
    } finally {
      setDownloading(null)
    }
  }
  const xlsx = () =>
    download('xlsx', () =>
      saveDownload(
        api.GET('/api/v1/units/{id}/summary.xlsx', {
          params: { path: { id: unitId }, query: { period } },
          parseAs: 'blob',
        }),
        `${safeFileName(`tong-hop-${unitName}-${period}`)}.xlsx`,
      ),
    )
  const pdf = (row: Schemas['ResultRow'], evaluationId: string) =>
    download(evaluationId, () =>
      saveDownload(
        api.GET('/api/v1/evaluations/{id}/form.pdf', {
          params: { path: { id: evaluationId } },
          parseAs: 'blob',
        }),
        `${safeFileName(`phieu-${row.person.full_name}-${period}`)}.pdf`,
      ),
    )

  const marks = (row: Schemas['ResultRow']) => (
    <Flex wrap gap={4}>
      {qualifiedA.has(row.person.id) && <ToneTag tone="gold">{t('marks.qualifiedA')}</ToneTag>}
      {row.revision > 1 && (
        <ToneTag tone="purple">{t('marks.corrected', { revision: row.revision })}</ToneTag>
      )}
    </Flex>
  )
  const pdfButton = (row: Schemas['ResultRow']) => {
    const id = evaluationOf.get(row.person.id)
    if (!id) return null
    return (
      <Button
        size="small"
        icon={<FilePdfOutlined />}
        loading={downloading === id}
        onClick={() => void pdf(row, id)}
        aria-label={t('pdfOf', { name: row.person.full_name })}
      >
        PDF
      </Button>
    )
  }
  const rows = results.data?.results ?? []

  return (
    <>
      <PageTitle
        extra={
          <Flex gap={8} wrap>
            <Link to={`/ket-qua/${unitId}/${shiftPeriod(period, -1)}`} aria-label={t('previousMonth')}>
              <Button icon={<LeftOutlined />} tabIndex={-1}>
                {periodLabel(shiftPeriod(period, -1))}
              </Button>
            </Link>
            <Link to={`/ket-qua/${unitId}/${shiftPeriod(period, 1)}`} aria-label={t('nextMonth')}>
              <Button icon={<RightOutlined />} iconPlacement="end" tabIndex={-1}>
                {periodLabel(shiftPeriod(period, 1))}
              </Button>
            </Link>
          </Flex>
        }
      >
        {t('titleMonth', { period: periodLabel(period) })}
      </PageTitle>
      {unitName && <Typography.Paragraph strong>{unitName}</Typography.Paragraph>}
      {results.isPending && <Loading />}
      {results.isError && <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />}
      {results.data === null && (
        <Card>
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('notPublished', { period: periodLabel(period) })}
          </Typography.Paragraph>
        </Card>
      )}
      {results.data && (
        <Flex vertical gap={16}>
          <Card>
            <Flex wrap gap={8} align="center" justify="space-between">
              <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
                {t('listTitle')}
              </Typography.Title>
              {commendations.data && (
                <Button
                  icon={<DownloadOutlined />}
                  loading={downloading === 'xlsx'}
                  onClick={() => void xlsx()}
                >
                  {t('xlsx')}
                </Button>
              )}
            </Flex>
            <Typography.Paragraph style={{ marginTop: 8 }}>
              {t('publishedAt', { at: hanoiDateTime(results.data.published_at), count: rows.length })}
            </Typography.Paragraph>
            <ResultsList rows={rows} marks={marks} pdfButton={pdfButton} />
          </Card>
          {commendations.isError && <ErrorAlert error={commendations.error} />}
          {commendations.data && (
            <CommendationsCard
              unitId={unitId}
              period={period}
              list={commendations.data}
              results={rows}
              editable={isHead}
            />
          )}
        </Flex>
      )}
    </>
  )
}

function ResultsList({
  rows,
  marks,
  pdfButton,
}: {
  rows: Schemas['ResultRow'][]
  marks: (row: Schemas['ResultRow']) => React.ReactNode
  pdfButton: (row: Schemas['ResultRow']) => React.ReactNode
}) {
  const { t } = useTranslation('results')
  const screens = Grid.useBreakpoint()
  if (rows.length === 0) return <Typography.Paragraph>{t('noRows')}</Typography.Paragraph>
  if (!screens.md) {
    return (
      <List
        dataSource={rows}
        data-testid="results-list"
        renderItem={(row) => (
          <List.Item key={row.person.id} data-testid="result-row">
            <Flex vertical gap={4} style={{ width: '100%' }}>
              <Flex justify="space-between" gap={8}>
                <Typography.Text strong>{row.person.full_name}</Typography.Text>
                <RankTag rank={row.rank} />
              </Flex>
              <Typography.Text>{row.person.position.title}</Typography.Text>
              <Typography.Text>
                {t('columns.total')}: {row.total ?? '—'} · {row.rank_label}
              </Typography.Text>
              {marks(row)}
              <div>{pdfButton(row)}</div>
            </Flex>
          </List.Item>
        )}
      />
    )
  }
  return (
    <Table<Schemas['ResultRow']>
      rowKey={(r) => r.person.id}
      dataSource={rows}
      pagination={false}
      scroll={{ x: true }}
      size="middle"
      onRow={() => ({ 'data-testid': 'result-row' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('columns.name'), key: 'name', render: (_, r) => r.person.full_name },
        { title: t('columns.post'), key: 'post', render: (_, r) => r.person.position.title },
        { title: t('columns.total'), key: 'total', align: 'right', render: (_, r) => r.total ?? '—' },
        {
          title: t('columns.rank'),
          key: 'rank',
          render: (_, r) => (
            <Flex gap={4} align="center" wrap>
              <RankTag rank={r.rank} />
              <span>{r.rank_label}</span>
            </Flex>
          ),
        },
        { title: t('columns.marks'), key: 'marks', render: (_, r) => marks(r) },
        { title: t('columns.form'), key: 'form', render: (_, r) => pdfButton(r) },
      ]}
    />
  )
}

import '../../i18n/admin'
import { DownloadOutlined } from '@ant-design/icons'
import { App, Button, Card, Col, Empty, Form, Row, Select, Space, Table, Typography } from 'antd'
import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMe } from '../../api'
// Not from the components' index: ECharts is loaded with this page only.
import { Chart } from '../../components/Chart'
import {
  ErrorAlert,
  PageTitle,
  currentPeriod,
  hanoiDateTime,
  periodLabel,
  safeFileName,
  saveDownload,
  shiftPeriod,
} from '../../components'
import { downloadRanksXlsx, useCompletion, useRankStats, type GroupBy, type RankStats } from './useReports'
import { UnitPicker } from '../../components/Pickers'

const RANKS = ['A', 'B', 'C', 'D'] as const
// Dark enough on white for text beside them; the table carries the numbers too.
const RANK_COLOURS = { A: '#1b5e20', B: '#0b57d0', C: '#b26a00', D: '#b71c1c' }
const GROUPS: GroupBy[] = ['unit', 'period', 'category', 'form', 'bloc', 'level']

type Row = RankStats['rows'][number]

/** The rank distribution as stacked columns, one per group. */
function rankChart(stats: RankStats, labelOf: (row: Row) => string) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [...RANKS] },
    grid: { left: 40, right: 16, bottom: 80, containLabel: true },
    xAxis: { type: 'category', data: stats.rows.map(labelOf), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: RANKS.map((rank) => ({
      name: rank,
      type: 'bar',
      stack: 'ranks',
      itemStyle: { color: RANK_COLOURS[rank] },
      data: stats.rows.map((r) => r.counts[rank] ?? 0),
    })),
  }
}

/** Statistics for aggregators and administrators: the ranks published, and the month's steps. */
export default function ReportsPage() {
  const { t } = useTranslation('reports')
  const { message } = App.useApp()
  const me = useMe()
  const now = currentPeriod(me.data)
  const [unitId, setUnitId] = useState<string>()
  const [groupBy, setGroupBy] = useState<GroupBy>('unit')
  const [from, setFrom] = useState<string>()
  const [to, setTo] = useState<string>()
  const [downloading, setDownloading] = useState(false)
  const ranks = useRankStats({ unitId, groupBy, from, to })
  const completion = useCompletion(unitId, now)
  const months = now ? Array.from({ length: 24 }, (_, i) => shiftPeriod(now, -i)) : []
  const monthOptions = months.map((m) => ({ value: m, label: periodLabel(m) }))
  const stats = ranks.data
  // Units and months by name; categories, blocs, levels and forms in words (the server sends keys).
  const labelOf = useCallback(
    (row: Row) =>
      stats?.group_by === 'period'
        ? periodLabel(row.key)
        : stats?.group_by === 'form'
          ? t('form', { code: row.key })
          : stats?.group_by === 'unit'
            ? row.label
            : t(`labels.${row.key}`, { defaultValue: row.label }),
    [stats?.group_by, t],
  )
  const option = useMemo(() => (stats ? rankChart(stats, labelOf) : undefined), [stats, labelOf])
  const chartLabel = stats
    ? t('chartLabel', {
        group: t(`groups.${groupBy}`).toLowerCase(),
        rows: stats.rows
          .map((r) => `${labelOf(r)}: ${RANKS.map((k) => `${k} ${r.counts[k] ?? '—'}`).join(', ')}`)
          .join('; '),
      })
    : ''

  const download = async () => {
    if (!unitId || !stats) return
    setDownloading(true)
    const name = safeFileName(`thong-ke-xep-loai-${stats.unit.code}-${from ?? 'dau'}-${to ?? now}`) + '.xlsx'
    try {
      await saveDownload(downloadRanksXlsx({ unitId, groupBy, from, to }), name)
      void message.success(t('downloaded', { name }))
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error))
    } finally {
      setDownloading(false)
    }
  }

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Link to="/bao-cao/tra-cuu">{t('searchLink')}</Link>
            <Link to="/bao-cao/ca-nam">{t('yearLink')}</Link>
          </Space>
        }
      >
        {t('title')}
      </PageTitle>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item label={t('unit')} htmlFor="report-unit">
                <UnitPicker
                  id="report-unit"
                  value={unitId}
                  onChange={setUnitId}
                  placeholder={t('unitPlaceholder')}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item label={t('groupBy')} htmlFor="report-group">
                <Select
                  id="report-group"
                  value={groupBy}
                  onChange={setGroupBy}
                  options={GROUPS.map((g) => ({ value: g, label: t(`groups.${g}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label={t('from')} htmlFor="report-from">
                <Select id="report-from" allowClear value={from} onChange={setFrom} options={monthOptions} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label={t('to')} htmlFor="report-to">
                <Select id="report-to" allowClear value={to} onChange={setTo} options={monthOptions} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      {!unitId ? (
        <Card>
          <Empty description={t('pickUnit')} />
        </Card>
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card
            title={
              <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
                {t('ranksTitle')}
              </Typography.Title>
            }
            extra={
              <Button icon={<DownloadOutlined />} loading={downloading} disabled={!stats} onClick={download}>
                {t('downloadXlsx')}
              </Button>
            }
            loading={ranks.isLoading}
          >
            {ranks.isError ? (
              <ErrorAlert error={ranks.error} onRetry={() => ranks.refetch()} />
            ) : stats && stats.rows.length === 0 ? (
              <Empty description={t('noData')} />
            ) : (
              stats &&
              option && (
                <>
                  <Chart option={option} label={chartLabel} />
                  <Table
                    size="small"
                    rowKey="key"
                    dataSource={stats.rows}
                    pagination={false}
                    scroll={{ x: true }}
                    data-testid="rank-table"
                    columns={[
                      { title: t('group'), render: (_: unknown, r: Row) => labelOf(r) },
                      ...RANKS.map((rank) => ({
                        title: rank,
                        render: (_: unknown, r: Row) =>
                          r.counts[rank] == null
                            ? t('hidden')
                            : `${r.counts[rank]} (${(r.shares[rank] ?? 0).toLocaleString('vi-VN')}%)`,
                      })),
                      { title: t('total'), render: (_, r) => r.total ?? t('hidden') },
                      { title: t('qualifiedARankedB'), render: (_, r) => r.qualified_a_ranked_b ?? '—' },
                    ]}
                  />
                </>
              )
            )}
          </Card>

          {now && (
            <Card
              title={
                <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
                  {t('completionTitle', { period: periodLabel(now) })}
                </Typography.Title>
              }
              loading={completion.isLoading}
            >
              {completion.isError ? (
                <ErrorAlert error={completion.error} onRetry={() => completion.refetch()} />
              ) : (
                <Table
                  size="small"
                  rowKey={(r) => r.unit.id}
                  dataSource={completion.data?.rows ?? []}
                  pagination={false}
                  scroll={{ x: true }}
                  locale={{
                    emptyText: <Typography.Text type="secondary">{t('noCompletion')}</Typography.Text>,
                  }}
                  columns={[
                    { title: t('publishingUnit'), render: (_, r) => r.unit.name },
                    { title: t('evaluations'), dataIndex: 'evaluations' },
                    ...(['self_assessed', 'reviewed', 'decided', 'published'] as const).map((step) => ({
                      title: t(
                        step === 'self_assessed'
                          ? 'selfAssessed'
                          : step === 'reviewed'
                            ? 'reviewed'
                            : step === 'decided'
                              ? 'decided'
                              : 'published',
                      ),
                      render: (_: unknown, r: NonNullable<typeof completion.data>['rows'][number]) =>
                        t('stepCell', {
                          done: r[step].done,
                          expected: r[step].expected,
                          onTime: r[step].on_time,
                          deadline: hanoiDateTime(r[step].deadline),
                        }),
                    })),
                  ]}
                />
              )}
            </Card>
          )}
        </Space>
      )}
    </>
  )
}

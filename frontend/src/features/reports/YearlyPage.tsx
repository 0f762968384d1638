import '../../i18n/admin'
import { DownloadOutlined } from '@ant-design/icons'
import { App, Button, Card, Descriptions, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMe } from '../../api'
import { ErrorAlert, Loading, PageTitle, RankTag, ToneTag, currentPeriod } from '../../components'
import { UnitPicker } from '../../components/Pickers'
import { safeFileName, saveDownload } from '../../components/download'
import { downloadUnitYear, useUnitYear } from './useReports'

type Row = NonNullable<ReturnType<typeof useUnitYear>['data']>['people'][number]

/**
 * A publishing unit's yearly results (Điều 13): each person's average over the months counted,
 * the rank it qualifies for and the rank after the unit's quota on A, with the list as XLSX or as
 * the PDF to sign.
 */
export default function YearlyPage() {
  const { t } = useTranslation('reports')
  const { message } = App.useApp()
  const me = useMe()
  const thisYear = Number((currentPeriod(me.data) ?? String(new Date().getFullYear())).slice(0, 4))
  const [unitId, setUnitId] = useState<string>()
  const [chosenYear, setYear] = useState<number>()
  const year = chosenYear ?? thisYear
  const result = useUnitYear(unitId, year)
  const [downloading, setDownloading] = useState<'xlsx' | 'pdf'>()
  const download = async (format: 'xlsx' | 'pdf') => {
    if (!unitId || !result.data) return
    setDownloading(format)
    const name = safeFileName(`ket-qua-nam-${year}-${result.data.unit.code}`) + `.${format}`
    try {
      await saveDownload(downloadUnitYear(unitId, year, format), name)
      void message.success(t('downloaded', { name }))
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error))
    } finally {
      setDownloading(undefined)
    }
  }
  const data = result.data

  return (
    <>
      <PageTitle extra={<Link to="/bao-cao">{t('title')}</Link>}>{t('yearTitle')}</PageTitle>
      <Typography.Paragraph>{t('yearIntro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <div style={{ minWidth: 300 }}>
          <UnitPicker
            aria-label={t('unit')}
            placeholder={t('unitPlaceholder')}
            value={unitId}
            onChange={setUnitId}
          />
        </div>
        <Select
          aria-label={t('year')}
          value={year}
          onChange={setYear}
          options={[0, 1, 2, 3].map((back) => ({ value: thisYear - back, label: String(thisYear - back) }))}
        />
      </Space>
      {!unitId ? (
        <Typography.Paragraph type="secondary">{t('yearPick')}</Typography.Paragraph>
      ) : result.isLoading ? (
        <Loading />
      ) : result.isError || !data ? (
        <ErrorAlert error={result.error} onRetry={() => result.refetch()} />
      ) : (
        <Card
          size="small"
          title={
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {t('yearOf', { unit: data.unit.name, year: data.year })}
            </Typography.Title>
          }
          extra={
            <Space wrap>
              {(['xlsx', 'pdf'] as const).map((format) => (
                <Button
                  key={format}
                  icon={<DownloadOutlined />}
                  loading={downloading === format}
                  disabled={data.people.length === 0}
                  onClick={() => void download(format)}
                >
                  {t(`yearDownload.${format}`)}
                </Button>
              ))}
            </Space>
          }
        >
          <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('headcount')}>{data.quota.headcount}</Descriptions.Item>
            <Descriptions.Item label={t('maxA')}>{data.quota.max_a}</Descriptions.Item>
            <Descriptions.Item label={t('usedA')}>{data.quota.used_a}</Descriptions.Item>
            <Descriptions.Item label={t('rankedB')}>{data.quota.ranked_b}</Descriptions.Item>
          </Descriptions>
          <Table<Row>
            size="small"
            rowKey={(r) => r.person.id}
            data-testid="year-table"
            dataSource={data.people}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: t('yearEmpty') }}
            scroll={{ x: true }}
            columns={[
              { title: t('person'), render: (_, r) => r.person.full_name },
              { title: t('post'), render: (_, r) => r.person.position.title },
              { title: t('monthsCounted'), dataIndex: 'months_counted', width: 110 },
              {
                title: t('average'),
                width: 100,
                render: (_, r) =>
                  r.average == null ? '—' : r.average.toLocaleString('vi-VN', { maximumFractionDigits: 2 }),
              },
              { title: t('rankQualified'), render: (_, r) => <RankTag rank={r.rank_qualified} /> },
              { title: t('rankYear'), render: (_, r) => <RankTag rank={r.rank} /> },
              {
                title: t('notes'),
                render: (_, r) => (
                  <Space size={4} wrap>
                    {r.lowered_by_quota && <ToneTag tone="gold">{t('flags.qualified_a_ranked_b')}</ToneTag>}
                    {r.knocked_out && <ToneTag tone="red">{t('flags.knocked_out')}</ToneTag>}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
    </>
  )
}

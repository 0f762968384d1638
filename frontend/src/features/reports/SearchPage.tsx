import '../../i18n/admin'
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Table,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../api'
import {
  ErrorAlert,
  PageTitle,
  RankTag,
  StateTag,
  currentPeriod,
  periodLabel,
  saveDownload,
  shiftPeriod,
} from '../../components'
import { UnitPicker } from '../../components/Pickers'
import {
  cleanFilter,
  downloadExport,
  useEvaluationSearch,
  useExportJob,
  useStartExport,
  type Hit,
  type SearchFilter,
} from './useSearch'

const STATES = ['draft', 'self_submitted', 'reviewed', 'decided', 'published'] as const
const RANKS = ['A', 'B', 'C', 'D'] as const
const CATEGORIES = ['head', 'deputy', 'staff', 'contract'] as const
const BLOCS = ['party', 'government', 'elected', 'front'] as const
const LEVELS = ['city', 'agency', 'district', 'commune', 'department'] as const
const FLAGS = ['qualified_a_ranked_b', 'knocked_out', 'late', 'to_evaluate'] as const

type Values = Omit<SearchFilter, 'form'> & { form?: number; flags?: (typeof FLAGS)[number][] }

/** Evaluations across months and units with every filter; the whole result as CSV or XLSX. */
export default function SearchPage() {
  const { t } = useTranslation('reports')
  const { message } = App.useApp()
  const me = useMe()
  const now = currentPeriod(me.data)
  const [form] = Form.useForm<Values>()
  const [filter, setFilter] = useState<SearchFilter | null>(null)
  const search = useEvaluationSearch(filter)
  const start = useStartExport()
  const [jobId, setJobId] = useState<string>()
  const job = useExportJob(jobId)
  const [saving, setSaving] = useState(false)
  const months = now ? Array.from({ length: 24 }, (_, i) => shiftPeriod(now, -i)) : []
  const monthOptions = months.map((m) => ({ value: m, label: periodLabel(m) }))
  const hits = search.data?.pages.flatMap((p) => p.items) ?? []
  const options = <T extends string>(values: readonly T[], label: (v: T) => string) =>
    values.map((v) => ({ value: v, label: label(v) }))

  const apply = (v: Values) => {
    const { flags = [], form: formCode, ...rest } = v
    setFilter(
      cleanFilter({
        ...rest,
        ...(formCode ? { form: String(formCode) } : {}),
        ...Object.fromEntries(flags.map((f) => [f, true])),
      } as SearchFilter),
    )
    setJobId(undefined)
  }

  const save = async (id: string, name: string) => {
    setSaving(true)
    try {
      await saveDownload(downloadExport(id), name)
      void message.success(t('downloaded', { name }))
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <>
      <PageTitle>{t('searchTitle')}</PageTitle>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={apply}
          initialValues={{ period_from: now, period_to: now }}
        >
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="q" label={t('nameOrId')}>
                <Input allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="unit_id" label={t('unit')}>
                <UnitPicker placeholder={t('unitPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="period_from" label={t('from')}>
                <Select allowClear options={monthOptions} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="period_to" label={t('to')}>
                <Select allowClear options={monthOptions} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="state" label={t('state')}>
                <Select allowClear options={options(STATES, (s) => t(`common:states.${s}`))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={3}>
              <Form.Item name="rank" label={t('rankFinal')}>
                <Select allowClear options={options(RANKS, (r) => r)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={3}>
              <Form.Item name="rank_by_points" label={t('rankByPoints')}>
                <Select allowClear options={options(RANKS, (r) => r)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={3}>
              <Form.Item name="rank_self" label={t('rankSelf')}>
                <Select allowClear options={options(RANKS, (r) => r)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={3}>
              <Form.Item name="form" label={t('formNumber')}>
                <InputNumber min={1} max={19} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="category" label={t('category')}>
                <Select allowClear options={options(CATEGORIES, (c) => t(`labels.${c}`))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="bloc" label={t('bloc')}>
                <Select allowClear options={options(BLOCS, (b) => t(`labels.${b}`))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="level" label={t('level')}>
                <Select allowClear options={options(LEVELS, (l) => t(`labels.${l}`))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="sort" label={t('sort')}>
                <Select
                  allowClear
                  options={['period', '-period', 'name', 'unit', '-total', 'total'].map((s) => ({
                    value: s,
                    label: t(`sorts.${s}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="flags" label={t('only')}>
                <Checkbox.Group options={FLAGS.map((f) => ({ value: f, label: t(`flags.${f}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit">
              {t('find')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields()
                setFilter(null)
                setJobId(undefined)
              }}
            >
              {t('clear')}
            </Button>
          </Space>
        </Form>
      </Card>

      {filter && (
        <Card
          size="small"
          title={t('found', { count: hits.length, more: search.hasNextPage ? '+' : '' })}
          extra={
            <Space wrap>
              {(['xlsx', 'csv', 'pdf'] as const).map((format) => (
                <Button
                  key={format}
                  disabled={
                    hits.length === 0 || (!!job.data && !['succeeded', 'failed'].includes(job.data.status))
                  }
                  loading={start.isPending && start.variables?.format === format}
                  onClick={() =>
                    start.mutate({ filter, format }, { onSuccess: (created) => setJobId(created.id) })
                  }
                >
                  {t(`export.${format}`)}
                </Button>
              ))}
            </Space>
          }
        >
          {start.isError && <ErrorAlert error={start.error} />}
          {job.data && (
            <div data-testid="export-job" style={{ marginBottom: 12 }}>
              <span role="status">
                {t(`exportStatus.${job.data.status}`, {
                  defaultValue: job.data.status,
                  processed: job.data.processed_rows,
                  total: job.data.total_rows,
                })}
              </span>
              <Progress
                percent={job.data.percent}
                status={
                  job.data.status === 'failed'
                    ? 'exception'
                    : job.data.status === 'succeeded'
                      ? 'success'
                      : 'active'
                }
                aria-label={t('exportProgress')}
              />
              {job.data.status === 'succeeded' && (
                <Button
                  type="primary"
                  loading={saving}
                  onClick={() => save(job.data!.id, job.data!.file_name)}
                >
                  {t('downloadFile', { name: job.data.file_name })}
                </Button>
              )}
            </div>
          )}
          {search.isError ? (
            <ErrorAlert error={search.error} onRetry={() => search.refetch()} />
          ) : (
            <>
              <Table<Hit>
                size="small"
                rowKey="id"
                data-testid="search-results"
                loading={search.isLoading}
                dataSource={hits}
                pagination={false}
                scroll={{ x: true }}
                columns={[
                  { title: t('month'), render: (_, h) => periodLabel(h.period) },
                  { title: t('person'), render: (_, h) => h.person.full_name },
                  { title: t('unit'), render: (_, h) => h.unit.name },
                  { title: t('state'), render: (_, h) => <StateTag state={h.state} /> },
                  { title: t('points'), render: (_, h) => h.totals.decider ?? h.totals.self ?? '—' },
                  {
                    title: t('rankFinal'),
                    render: (_, h) => (h.rank_final ? <RankTag rank={h.rank_final} /> : '—'),
                  },
                ]}
              />
              {search.hasNextPage && (
                <Button
                  style={{ marginTop: 12 }}
                  loading={search.isFetchingNextPage}
                  onClick={() => search.fetchNextPage()}
                >
                  {t('more')}
                </Button>
              )}
            </>
          )}
        </Card>
      )}
    </>
  )
}

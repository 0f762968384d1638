import { LeftOutlined, RightOutlined } from '@ant-design/icons'
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Progress,
  Select,
  Typography,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams, useSearchParams } from 'react-router'
import { ApiError, fieldErrors, useMe } from '../../api'
import { ErrorAlert, Loading, PageTitle } from '../../components'
import { ToneTag, type Tone } from '../../components/ToneTag'
import {
  currentPeriod,
  dayLabel,
  hanoiDateTime,
  isPeriod,
  periodLabel,
  shiftPeriod,
} from '../../components/periods'
import {
  groupItems,
  KINDS,
  STATUSES,
  useAddComment,
  useAddItem,
  usePlan,
  useUpdateItem,
  type ItemKind,
  type PlanItem,
} from './usePlan'

/** Journey 3 (Điều 12.1): my monthly plan, weekly schedule and ad-hoc tasks, with progress. */
export default function WorkPage() {
  const { t } = useTranslation('work')
  const me = useMe()
  const params = useParams()
  const [search] = useSearchParams()
  const period = isPeriod(params.period) ? params.period : currentPeriod(me.data)
  const otherPerson = search.get('nguoi') ?? undefined
  const personId = otherPerson ?? me.data?.person?.id
  const own = !otherPerson || otherPerson === me.data?.person?.id
  const plan = usePlan(personId, period)

  if (me.isPending) return <Loading />
  if (!me.data?.person && !otherPerson) {
    return (
      <>
        <PageTitle>{t('title')}</PageTitle>
        <Alert type="info" showIcon title={t('noPerson')} />
      </>
    )
  }
  if (!period) return <Alert type="warning" showIcon title={t('noPeriod')} />
  const suffix = otherPerson ? `?nguoi=${otherPerson}` : ''

  return (
    <>
      <PageTitle
        extra={
          <Flex gap={8} wrap>
            <Link to={`/cong-viec/${shiftPeriod(period, -1)}${suffix}`} aria-label={t('previousMonth')}>
              <Button icon={<LeftOutlined />} tabIndex={-1}>
                {periodLabel(shiftPeriod(period, -1))}
              </Button>
            </Link>
            <Link to={`/cong-viec/${shiftPeriod(period, 1)}${suffix}`} aria-label={t('nextMonth')}>
              <Button icon={<RightOutlined />} iconPlacement="end" tabIndex={-1}>
                {periodLabel(shiftPeriod(period, 1))}
              </Button>
            </Link>
          </Flex>
        }
      >
        {own
          ? t('titleMonth', { period: periodLabel(period) })
          : t('titleOther', { period: periodLabel(period) })}
      </PageTitle>
      <Typography.Paragraph>{own ? t('intro') : t('introOther')}</Typography.Paragraph>
      {plan.isPending && <Loading />}
      {plan.isError && <ErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />}
      {plan.data && (
        <PlanBody
          personId={personId!}
          period={period}
          own={own}
          plan={plan.data}
          myPersonId={me.data?.person?.id}
        />
      )}
    </>
  )
}

function PlanBody({
  personId,
  period,
  own,
  plan,
  myPersonId,
}: {
  personId: string
  period: string
  own: boolean
  plan: NonNullable<ReturnType<typeof usePlan>['data']>
  myPersonId?: string
}) {
  const { t } = useTranslation('work')
  const { byKind, weeks } = groupItems(plan.items)
  const share = plan.completion_percent
  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
          {t('share.title')}
        </Typography.Title>
        {share === null || share === undefined ? (
          <Typography.Paragraph>{t('share.none')}</Typography.Paragraph>
        ) : (
          <Flex wrap gap={16} align="center">
            <Progress
              type="circle"
              size={80}
              percent={Math.round(share * 10) / 10}
              format={(p) => `${p}%`}
              aria-label={t('share.title')}
            />
            <Typography.Paragraph style={{ margin: 0, flex: '1 1 240px' }} data-testid="completion-share">
              {t('share.value', { percent: Math.round(share * 10) / 10 })}
            </Typography.Paragraph>
          </Flex>
        )}
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
          {t('share.help')}
        </Typography.Paragraph>
      </Card>

      <Section title={t('kinds.monthly')} help={t('kindHelp.monthly')}>
        <ItemList items={byKind.monthly} own={own} personId={personId} period={period} />
      </Section>
      <Section title={t('kinds.weekly')} help={t('kindHelp.weekly')}>
        {weeks.length === 0 ? (
          <Typography.Paragraph>{t('empty')}</Typography.Paragraph>
        ) : (
          weeks.map(([week, items]) => (
            <div key={week}>
              <Typography.Title level={3} style={{ fontSize: 16 }}>
                {t('week', { week })}
              </Typography.Title>
              <ItemList items={items} own={own} personId={personId} period={period} />
            </div>
          ))
        )}
      </Section>
      <Section title={t('kinds.ad_hoc')} help={t('kindHelp.ad_hoc')}>
        <ItemList items={byKind.ad_hoc} own={own} personId={personId} period={period} />
      </Section>

      {own && <AddItemForm personId={personId} period={period} />}

      <Comments
        personId={personId}
        period={period}
        plan={plan}
        canComment={!own && !!myPersonId}
        myPersonId={myPersonId}
      />
    </Flex>
  )
}

function Section({ title, help, children }: { title: string; help: string; children: React.ReactNode }) {
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Paragraph>{help}</Typography.Paragraph>
      {children}
    </Card>
  )
}

function ItemList({
  items,
  own,
  personId,
  period,
}: {
  items: PlanItem[]
  own: boolean
  personId: string
  period: string
}) {
  const { t } = useTranslation('work')
  if (items.length === 0) return <Typography.Paragraph>{t('empty')}</Typography.Paragraph>
  return (
    <List
      dataSource={items}
      renderItem={(item) => (
        <List.Item key={item.id}>
          <ItemRow item={item} own={own} personId={personId} period={period} />
        </List.Item>
      )}
    />
  )
}

const STATUS_TONES: Record<string, Tone> = {
  planned: 'gray',
  in_progress: 'blue',
  done: 'green',
  late: 'gold',
  cancelled: 'gray',
}

function ItemRow({
  item,
  own,
  personId,
  period,
}: {
  item: PlanItem
  own: boolean
  personId: string
  period: string
}) {
  const { t } = useTranslation('work')
  const { message } = App.useApp()
  const update = useUpdateItem(personId, period)
  const [status, setStatus] = useState(item.status)
  const [percent, setPercent] = useState<number | null>(item.completion_percent)
  const dirty = status !== item.status || percent !== item.completion_percent
  const fields = fieldErrors(update.error)
  const general = update.error && Object.keys(fields).length === 0 ? update.error : null
  const statusId = `status-${item.id}`
  const percentId = `percent-${item.id}`
  return (
    <Flex vertical gap={8} style={{ width: '100%' }} data-testid={`item-${item.id}`}>
      <Flex wrap gap={8} align="center">
        <Typography.Text strong>{item.title}</Typography.Text>
        <ToneTag tone={STATUS_TONES[item.status] ?? 'gray'}>
          {t(`status.${item.status}`, { defaultValue: item.status })}
        </ToneTag>
      </Flex>
      {item.expected_output && (
        <Typography.Text>
          {t('expectedOutput')}: {item.expected_output}
        </Typography.Text>
      )}
      {item.due_date && (
        <Typography.Text>
          {t('dueDate')}: {dayLabel(`${item.due_date}T12:00:00+07:00`)}
        </Typography.Text>
      )}
      {own ? (
        <Form layout="inline" component="div" style={{ rowGap: 8 }}>
          <Form.Item
            label={t('statusLabel')}
            htmlFor={statusId}
            validateStatus={fields.status ? 'error' : undefined}
            help={fields.status}
          >
            <Select
              id={statusId}
              value={status}
              onChange={setStatus}
              // At most 280 px, and never wider than a phone leaves beside the label.
              style={{ width: 'min(280px, 55vw)' }}
              options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            />
          </Form.Item>
          <Form.Item
            label={t('percentLabel')}
            htmlFor={percentId}
            validateStatus={fields.completion_percent ? 'error' : undefined}
            help={fields.completion_percent}
          >
            <InputNumber id={percentId} min={0} max={100} value={percent} onChange={setPercent} suffix="%" />
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              disabled={!dirty}
              loading={update.isPending}
              onClick={() =>
                update.mutate(
                  { id: item.id, patch: { status, completion_percent: percent ?? 0 } },
                  { onSuccess: () => message.success(t('saved')) },
                )
              }
            >
              {t('common:save')}
            </Button>
          </Form.Item>
        </Form>
      ) : (
        <Progress percent={item.completion_percent} size="small" aria-label={t('percentLabel')} />
      )}
      {general && <ErrorAlert error={general} />}
    </Flex>
  )
}

type NewItemValues = {
  kind: ItemKind
  title: string
  expected_output?: string
  due_date?: Dayjs | null
  week?: number | null
}

function AddItemForm({ personId, period }: { personId: string; period: string }) {
  const { t } = useTranslation('work')
  const { message } = App.useApp()
  const [form] = Form.useForm<NewItemValues>()
  const add = useAddItem(personId, period)
  const kind = Form.useWatch('kind', form)
  const fields = fieldErrors(add.error)
  const general = add.error instanceof ApiError && !add.error.problem.errors ? add.error : null
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {t('add.title')}
      </Typography.Title>
      {general && <ErrorAlert error={general} />}
      <Form<NewItemValues>
        form={form}
        layout="vertical"

        initialValues={{ kind: 'monthly' }}
        style={{ maxWidth: 640, marginTop: general ? 16 : 0 }}
        onFinish={(v) =>
          add.mutate(
            {
              kind: v.kind,
              title: v.title.trim(),
              expected_output: v.expected_output?.trim() || null,
              due_date: v.due_date ? v.due_date.format('YYYY-MM-DD') : null,
              week: v.kind === 'weekly' ? (v.week ?? null) : null,
            },
            {
              onSuccess: () => {
                message.success(t('add.done'))
                form.resetFields(['title', 'expected_output', 'due_date'])
              },
            },
          )
        }
      >
        <Form.Item
          label={t('add.kind')}
          name="kind"
          rules={[{ required: true }]}
          validateStatus={fields.kind ? 'error' : undefined}
          help={fields.kind}
        >
          <Select options={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
        </Form.Item>
        {kind === 'weekly' && (
          <Form.Item
            label={t('add.week')}
            name="week"
            rules={[{ required: true, message: t('add.weekRequired') }]}
            validateStatus={fields.week ? 'error' : undefined}
            help={fields.week}
          >
            <InputNumber min={1} max={6} />
          </Form.Item>
        )}
        <Form.Item
          label={t('add.itemTitle')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('add.titleRequired') }]}
          validateStatus={fields.title ? 'error' : undefined}
          help={fields.title}
        >
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item
          label={t('expectedOutput')}
          name="expected_output"
          validateStatus={fields.expected_output ? 'error' : undefined}
          help={fields.expected_output}
        >
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item
          label={t('dueDate')}
          name="due_date"
          validateStatus={fields.due_date ? 'error' : undefined}
          help={fields.due_date}
        >
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {t('add.submit')}
        </Button>
      </Form>
    </Card>
  )
}

function Comments({
  personId,
  period,
  plan,
  canComment,
  myPersonId,
}: {
  personId: string
  period: string
  plan: NonNullable<ReturnType<typeof usePlan>['data']>
  canComment: boolean
  myPersonId?: string
}) {
  const { t } = useTranslation('work')
  const [text, setText] = useState('')
  const add = useAddComment(personId, period)
  const fields = fieldErrors(add.error)
  const general = add.error && Object.keys(fields).length === 0 ? add.error : null
  const itemTitle = (id?: string | null) => plan.items.find((i) => i.id === id)?.title
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {t('comments.title')}
      </Typography.Title>
      {plan.comments.length === 0 ? (
        <Typography.Paragraph>{t('comments.none')}</Typography.Paragraph>
      ) : (
        <List
          dataSource={plan.comments}
          renderItem={(c) => (
            <List.Item key={c.id}>
              <Flex vertical>
                <Typography.Text>
                  {c.author_person_id === myPersonId ? t('comments.me') : t('comments.evaluator')} ·{' '}
                  {hanoiDateTime(c.created_at)}
                  {itemTitle(c.item_id) ? ` · ${itemTitle(c.item_id)}` : ''}
                </Typography.Text>
                <Typography.Text>{c.text}</Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {canComment && (
        <Form
          layout="vertical"
          style={{ marginTop: 16 }}
          onFinish={() => add.mutate({ text: text.trim() }, { onSuccess: () => setText('') })}
        >
          {general && <ErrorAlert error={general} />}
          <Form.Item
            label={t('comments.new')}
            htmlFor="plan-comment"
            validateStatus={fields.text ? 'error' : undefined}
            help={fields.text}
          >
            <Input.TextArea
              id="plan-comment"
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoSize
            />
          </Form.Item>
          <Button htmlType="submit" type="primary" disabled={!text.trim()} loading={add.isPending}>
            {t('comments.send')}
          </Button>
        </Form>
      )}
    </Card>
  )
}

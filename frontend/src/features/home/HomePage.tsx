import { Alert, Button, Card, Col, Flex, List, Row, Timeline, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMe, usePeriodCalendar, type Me } from '../../api'
import { ErrorAlert, Loading, PageTitle } from '../../components'
import { ToneTag, type Tone } from '../../components/ToneTag'
import { currentPeriod, lastDayBefore, periodLabel, rulesNow, shiftPeriod } from '../../components/periods'
import { monthGrid, monthSteps, publicationOpen, type Step } from './calendar'
import { MonthGrid } from './MonthGrid'
import { useMyEvaluation, useToEvaluate, useUnit, useUnitProgress, waitingCount } from './useHome'

const STATE_ORDER = ['not_started', 'draft', 'self_submitted', 'reviewed', 'decided', 'published']
const STEP_TONE = { open: 'green', upcoming: 'blue', closed: 'gray' } as const
const STEP_COLOR = { open: 'green', upcoming: 'blue', closed: 'gray' } as const

export default function HomePage() {
  const me = useMe()
  if (me.isPending) return <Loading />
  if (me.isError) return <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
  const person = me.data.person
  if (!person) return <NoPersonPanel me={me.data} />
  return <PersonHome me={me.data} />
}

function NoPersonPanel({ me }: { me: Me }) {
  const { t } = useTranslation('home')
  return (
    <>
      <PageTitle>{t('title')}</PageTitle>
      <Card>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t('noPerson.title', { username: me.account.username })}
        </Typography.Title>
        <Typography.Paragraph>{t('noPerson.intro')}</Typography.Paragraph>
        <Flex wrap gap={8}>
          <Button href="/swagger-ui/" target="_blank" rel="noopener">
            {t('noPerson.swagger')}
          </Button>
          <Link to="/huong-dan/quan-tri">
            <Button>{t('noPerson.guide')}</Button>
          </Link>
        </Flex>
      </Card>
    </>
  )
}

function PersonHome({ me }: { me: Me }) {
  const { t } = useTranslation('home')
  const person = me.person!
  const period = currentPeriod(me)
  const now = rulesNow(me)
  const previous = period ? shiftPeriod(period, -1) : undefined
  const previousCalendar = usePeriodCalendar(previous, person.unit_id)
  const showPrevious = publicationOpen(previousCalendar.data, now)

  return (
    <>
      <PageTitle>{t('greeting', { name: person.full_name })}</PageTitle>
      {!period && <Alert type="warning" showIcon title={t('noClock')} />}
      {period && <PeriodSection me={me} period={period} />}
      {showPrevious && previous && <PeriodSection me={me} period={previous} previous />}
    </>
  )
}

function PeriodSection({ me, period, previous }: { me: Me; period: string; previous?: boolean }) {
  const { t } = useTranslation('home')
  const person = me.person!
  const now = rulesNow(me)
  const calendar = usePeriodCalendar(period, person.unit_id)
  const mine = useMyEvaluation(period, person, !previous)
  const toEvaluate = useToEvaluate(period, true)
  const unit = useUnit(person.unit_id)
  const publishingUnitId = unit.data
    ? unit.data.level === 'department'
      ? (unit.data.parent_id ?? undefined)
      : unit.data.id
    : undefined
  const progress = useUnitProgress(period, publishingUnitId, person.unit_id, person.id)
  const headsPublishingUnit =
    person.position.category === 'head' && !!unit.data && unit.data.level !== 'department'
  const steps = calendar.data ? monthSteps(calendar.data, now) : []
  const stepOf = (key: Step['key']) => steps.find((s) => s.key === key)
  const waiting = toEvaluate.data ? waitingCount(toEvaluate.data.items.map((i) => i.state)) : 0
  const label = periodLabel(period)

  const tasks: { key: string; node: React.ReactNode }[] = []
  if (mine.data && mine.data.state === 'draft') {
    const self = stepOf('self')
    tasks.push({
      key: 'self',
      node: (
        <Flex wrap gap={8} align="center" data-testid="task-self">
          <span>
            {t('tasks.self', { period: label })}{' '}
            {self &&
              (self.status === 'closed'
                ? t('tasks.selfClosed', { date: lastDayBefore(self.closes) })
                : t('tasks.selfDue', { date: lastDayBefore(self.closes) }))}
          </span>
          <MyState state={mine.data.state} />
          <Link to="/danh-gia">{t('tasks.selfOpen')}</Link>
        </Flex>
      ),
    })
  }
  if (waiting > 0) {
    const decision = stepOf('decision')
    tasks.push({
      key: 'review',
      node: (
        <Flex wrap gap={8} align="center" data-testid="task-review">
          <span>
            {t('tasks.review', { count: waiting })}{' '}
            {decision && t('tasks.reviewDue', { date: lastDayBefore(decision.closes) })}
          </span>
          <Link to="/xu-ly">{t('tasks.reviewOpen')}</Link>
        </Flex>
      ),
    })
  }
  if (headsPublishingUnit && unit.data && progress.data?.published !== true) {
    const publication = stepOf('publication')
    tasks.push({
      key: 'publish',
      node: (
        <Flex wrap gap={8} align="center" data-testid="task-publish">
          <span>
            {t('tasks.publish', { unit: unit.data.name })}{' '}
            {publication && t('tasks.publishDue', { date: lastDayBefore(publication.closes) })}
          </span>
          <Link to={`/don-vi/${unit.data.id}/tong-hop/${period}`}>{t('tasks.publishOpen')}</Link>
        </Flex>
      ),
    })
  }
  const loadingTasks = mine.isPending || toEvaluate.isPending

  return (
    <section aria-labelledby={`period-${period}`} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={`period-${period}`} style={{ fontSize: 20 }}>
        {previous ? t('previousPeriod', { period: label }) : t('currentPeriod', { period: label })}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card>
            <Typography.Title level={3} style={{ fontSize: 17, marginTop: 0 }}>
              {t('tasks.title')}
            </Typography.Title>
            {mine.isError && <ErrorAlert error={mine.error} />}
            {toEvaluate.isError && <ErrorAlert error={toEvaluate.error} />}
            {loadingTasks ? (
              <Loading />
            ) : tasks.length === 0 ? (
              <Typography.Paragraph>{t('tasks.none')}</Typography.Paragraph>
            ) : (
              <List
                dataSource={tasks}
                renderItem={(task) => <List.Item key={task.key}>{task.node}</List.Item>}
              />
            )}
            {mine.data && mine.data.state !== 'draft' && (
              <Typography.Paragraph>
                {t('myState')} <MyState state={mine.data.state} />
              </Typography.Paragraph>
            )}
            <Link to={`/cong-viec/${period}`}>{t('workLink')}</Link>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card>
            <Typography.Title level={3} style={{ fontSize: 17, marginTop: 0 }}>
              {t('calendar.title')}
            </Typography.Title>
            {calendar.isPending && <Loading />}
            {calendar.isError && (
              <ErrorAlert error={calendar.error} onRetry={() => void calendar.refetch()} />
            )}
            {calendar.data && (
              <MonthGrid
                weeks={monthGrid(period, steps, now)}
                caption={t('calendar.gridCaption', { period: periodLabel(period) })}
              />
            )}
            {calendar.data && (
              <Timeline
                style={{ marginTop: 16 }}
                items={steps.map((s) => ({
                  key: s.key,
                  color: STEP_COLOR[s.status],
                  content: (
                    <div data-testid={`step-${s.key}`}>
                      <Typography.Text strong>{t(`calendar.${s.key}`)}</Typography.Text>{' '}
                      <ToneTag tone={STEP_TONE[s.status]}>{t(`calendar.status.${s.status}`)}</ToneTag>
                      <br />
                      {s.opens
                        ? t('calendar.fromTo', {
                            from: lastDayBefore(addDay(s.opens)),
                            to: lastDayBefore(s.closes),
                          })
                        : t('calendar.until', { to: lastDayBefore(s.closes) })}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
        {progress.data && (
          <Col xs={24}>
            <Card>
              <Typography.Title level={3} style={{ fontSize: 17, marginTop: 0 }}>
                {t('progress.title')}
              </Typography.Title>
              <Flex wrap gap={24}>
                <Figure title={t('progress.total')} value={progress.data.total} />
                {STATE_ORDER.filter((s) => progress.data!.byState[s]).map((s) => (
                  <Figure
                    key={s}
                    title={t(`common:states.${s}`, { defaultValue: t('progress.notStarted') })}
                    value={progress.data!.byState[s]}
                  />
                ))}
              </Flex>
              {progress.data.published && (
                <Typography.Paragraph style={{ marginTop: 12 }}>
                  <Link to="/ket-qua">{t('progress.published')}</Link>
                </Typography.Paragraph>
              )}
            </Card>
          </Col>
        )}
      </Row>
    </section>
  )
}

/** A window's opening is an inclusive midnight: its day is the one that starts then. */
function addDay(instant: string): string {
  return new Date(new Date(instant).getTime() + 24 * 3600 * 1000).toISOString()
}

/** A count with its label (antd's Statistic title is too pale for WCAG AA). */
function Figure({ title, value }: { title: string; value: number }) {
  return (
    <div>
      <div>{title}</div>
      <div style={{ fontSize: 24, fontWeight: 600 }}>{value}</div>
    </div>
  )
}

const STATE_TONE: Record<string, Tone> = {
  draft: 'gray',
  self_submitted: 'blue',
  reviewed: 'blue',
  decided: 'purple',
  published: 'green',
}

/** The state of my form (StateTag's "published" colour is below 4.5:1 contrast). */
function MyState({ state }: { state: string }) {
  const { t } = useTranslation()
  return <ToneTag tone={STATE_TONE[state] ?? 'gray'}>{t(`states.${state}`, { defaultValue: state })}</ToneTag>
}

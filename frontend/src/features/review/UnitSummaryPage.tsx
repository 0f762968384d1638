import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Flex, Form, Input, Modal, Progress, Select, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { api, ApiError, fieldErrors, unwrap, useMe } from '../../api'
import type { Schemas } from '../../api'
import { ErrorAlert, Loading, PageTitle, RankTag, StateTag, periodLabel, isPeriod } from '../../components'
import { formatPoints, allowedRanks, rankOf, toTenths, type Rank } from '../../components/criteria'
import { useSummary, useUnit } from './useReview'

type Member = Schemas['MemberRow']

/** Journey 5: a unit's month, quota meters per group, adjustment and publication (Điều 13.2). */
export default function UnitSummaryPage() {
  const { unitId, period } = useParams()
  const { t, i18n } = useTranslation('review')
  const me = useMe()
  const valid = !!period && isPeriod(period)
  const summary = useSummary(unitId, valid ? period : undefined)
  const unit = useUnit(unitId)
  const queryClient = useQueryClient()
  const [confirming, setConfirming] = useState(false)
  const [adjusting, setAdjusting] = useState<Member | null>(null)
  const [published, setPublished] = useState(false)
  const isHead = me.data?.person?.position.category === 'head' && me.data.person.unit_id === unitId

  const publish = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/units/{id}/publications', {
          params: { path: { id: unitId ?? '' }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: { period: period ?? '' },
        }),
      ),
    onSuccess: () => {
      setPublished(true)
      setConfirming(false)
      void queryClient.invalidateQueries({ queryKey: ['unit-summary'] })
      void queryClient.invalidateQueries({ queryKey: ['evaluations'] })
    },
    onError: () => setConfirming(false),
  })

  if (!valid || !period) return <Alert type="error" showIcon title={t('badPeriod')} />
  if (summary.isPending || me.isPending) return <Loading />
  const title = t('summaryTitle', { period: periodLabel(period) })
  if (summary.error) {
    const hidden = summary.error instanceof ApiError && [403, 404].includes(summary.error.status)
    return (
      <>
        <PageTitle>{title}</PageTitle>
        {hidden ? (
          <Alert type="warning" showIcon title={t('noSummary')} />
        ) : (
          <ErrorAlert error={summary.error} />
        )}
        <Typography.Paragraph style={{ marginTop: 12 }}>
          <Link to="/xu-ly">{t('common:back')}</Link>
        </Typography.Paragraph>
      </>
    )
  }
  const data = summary.data
  const refusal = publish.error instanceof ApiError ? publish.error : null
  const groupName = (id: string) => data.groups.find((g) => g.id === id)?.name ?? id

  return (
    <>
      <PageTitle
        extra={
          isHead &&
          !data.published && (
            <Button type="primary" onClick={() => setConfirming(true)} loading={publish.isPending}>
              {t('publish')}
            </Button>
          )
        }
      >
        {title}
      </PageTitle>
      {unit.data && <Typography.Paragraph>{t('summaryUnit', { unit: unit.data.name })}</Typography.Paragraph>}
      {(data.published || published) && (
        <Alert type="success" showIcon title={t('published')} style={{ marginBottom: 12 }} />
      )}
      {publish.error !== null && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={t('publishRefused')}
          description={
            <>
              <div>{refusal?.problem.detail ?? t('common:networkError')}</div>
              {refusal?.problem.errors && (
                <ul style={{ margin: '8px 0 0', paddingLeft: 20 }} data-testid="publish-refusal">
                  {refusal.problem.errors.map((e, i) => (
                    <li key={i}>
                      {refusal.code === 'quota_exceeded' ? <strong>{groupName(e.field)}: </strong> : null}
                      {e.message}
                    </li>
                  ))}
                </ul>
              )}
            </>
          }
        />
      )}
      {data.groups.map((g) => {
        const q = g.quota
        const headingId = `group-${g.id.replace(/[^a-zA-Z0-9_-]/g, '-')}`
        return (
          <Card
            key={g.id}
            size="small"
            style={{ marginBottom: 16 }}
            data-testid="quota-group"
            title={
              <Typography.Title
                level={2}
                id={headingId}
                style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}
              >
                {g.name}
              </Typography.Title>
            }
          >
            <Flex wrap gap={16} align="center" style={{ marginBottom: 8 }}>
              <span>{t('headcount', { count: g.headcount })}</span>
              <span data-testid="quota-meter">
                {t('quota')}: {t('quotaMeter', { used: q.used_a, max: q.max_a, b: q.ranked_b })}
              </span>
              {q.over_quota ? (
                <Tag style={{ color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' }}>
                  {t('overQuota')}
                </Tag>
              ) : (
                <Tag style={{ color: '#135200', background: '#f6ffed', borderColor: '#95de64' }}>
                  {t('withinQuota')}
                </Tag>
              )}
            </Flex>
            <Progress
              percent={
                q.max_a > 0 ? Math.min(100, Math.round((q.used_a / q.max_a) * 100)) : q.used_a > 0 ? 100 : 0
              }
              status={q.over_quota ? 'exception' : 'normal'}
              showInfo={false}
              aria-label={t('quotaMeter', { used: q.used_a, max: q.max_a, b: q.ranked_b })}
            />
            <Table
              rowKey={(m) => m.person.id}
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={g.members}
              aria-labelledby={headingId}
              // An evaluator sees only the people they act on: an empty group is not an empty unit.
              locale={{
                emptyText: (
                  <span style={{ color: '#595959' }}>{t(g.headcount > 0 ? 'noneOfMine' : 'noMembers')}</span>
                ),
              }}
              columns={[
                {
                  title: t('name'),
                  key: 'name',
                  render: (_, m) =>
                    m.evaluation_id ? (
                      <Link to={`/xu-ly/${m.evaluation_id}`}>{m.person.full_name}</Link>
                    ) : (
                      m.person.full_name
                    ),
                },
                { title: t('post'), key: 'post', render: (_, m) => m.person.position.title },
                {
                  title: t('state'),
                  key: 'state',
                  render: (_, m) =>
                    m.evaluated_outside ? (
                      t('evaluatedOutside')
                    ) : m.state === 'not_started' ? (
                      t('notStarted')
                    ) : (
                      <StateTag state={m.state} />
                    ),
                },
                {
                  title: t('selfTotal'),
                  key: 'self',
                  render: (_, m) => formatPoints(m.totals.self, i18n.language),
                },
                {
                  title: t('finalTotal'),
                  key: 'decider',
                  render: (_, m) => formatPoints(m.totals.decider, i18n.language),
                },
                {
                  title: t('rankFinal'),
                  key: 'rank',
                  render: (_, m) => (
                    <Flex gap={4} wrap>
                      <RankTag rank={m.rank_final} />
                      {m.qualified_a && <span data-testid="qualified-a">{t('qualifiedA')}</span>}
                    </Flex>
                  ),
                },
                ...(isHead && !data.published
                  ? [
                      {
                        title: t('act'),
                        key: 'act',
                        render: (_: unknown, m: Member) =>
                          m.state === 'decided' && m.evaluation_id ? (
                            <Button size="small" onClick={() => setAdjusting(m)}>
                              {t('adjust')}
                            </Button>
                          ) : null,
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        )
      })}
      <Modal
        open={confirming}
        title={t('publishTitle', { period: periodLabel(period) })}
        okText={t('publish')}
        cancelText={t('common:cancel')}
        onOk={() => publish.mutate()}
        onCancel={() => setConfirming(false)}
        confirmLoading={publish.isPending}
        destroyOnHidden
      >
        {t('publishText')}
      </Modal>
      {adjusting && <AdjustDialog member={adjusting} onClose={() => setAdjusting(null)} />}
    </>
  )
}

function AdjustDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const { t } = useTranslation('review')
  const queryClient = useQueryClient()
  const byPoints = member.totals.decider != null ? rankOf(toTenths(member.totals.decider)) : 'D'
  const [rank, setRank] = useState<Rank | undefined>((member.rank_final as Rank | null) ?? undefined)
  const [reason, setReason] = useState('')
  const adjust = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/evaluations/{id}/adjust', {
          params: {
            path: { id: member.evaluation_id ?? '' },
            header: { 'Idempotency-Key': crypto.randomUUID() },
          },
          body: { rank: rank ?? '', reason },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['unit-summary'] })
      onClose()
    },
  })
  const errors = fieldErrors(adjust.error)
  const general =
    adjust.error && !(adjust.error instanceof ApiError && adjust.error.problem.errors) ? adjust.error : null
  return (
    <Modal
      open
      title={t('adjustTitle', { name: member.person.full_name })}
      okText={t('adjust')}
      cancelText={t('common:cancel')}
      onOk={() => adjust.mutate()}
      okButtonProps={{ disabled: !rank || reason.trim() === '' }}
      confirmLoading={adjust.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      {general && <ErrorAlert error={general} />}
      <Form layout="vertical">
        <Form.Item
          label={t('adjustRank')}
          htmlFor="adjust-rank"
          extra={t('byPoints', { rank: byPoints })}
          validateStatus={errors.rank ? 'error' : undefined}
          help={errors.rank}
        >
          <Select<Rank>
            id="adjust-rank"
            value={rank}
            onChange={setRank}
            options={allowedRanks(byPoints, false).map((r) => ({ value: r, label: t(`common:ranks.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('adjustReason')}
          htmlFor="adjust-reason"
          required
          validateStatus={errors.reason ? 'error' : undefined}
          help={errors.reason}
        >
          <Input.TextArea
            id="adjust-reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}

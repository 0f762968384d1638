import { App, Button, Card, Descriptions, Drawer, List, Select, Space, Timeline, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../api'
import { ErrorAlert, Loading, currentPeriod, dayLabel, periodLabel, shiftPeriod } from '../../components'
import { nameAndPost, usePeopleByIds } from '../../components/people'
import { GrantAccountModal } from '../accounts/GrantAccountModal'
import { AssignmentModal } from './AssignmentModal'
import { EditPersonModal } from './EditPersonModal'
import { TransferModal } from './TransferModal'
import {
  useAssignments,
  useChain,
  useChildUnits,
  usePerson,
  usePosts,
  useUnitPeople,
  type Unit,
} from './useOrg'

/** A person: their post, their evaluation chain for any month and the rule that applied. */
export function PersonDrawer({
  personId,
  unit,
  onClose,
}: {
  personId?: string
  unit: Unit
  onClose: () => void
}) {
  const { t } = useTranslation('org')
  const { t: common } = useTranslation()
  const me = useMe()
  const person = usePerson(personId)
  const now = currentPeriod(me.data)
  // The month chosen, or the current one; forgotten when the drawer closes.
  const [chosen, setPeriod] = useState<string>()
  const period = chosen ?? now
  const { message } = App.useApp()
  const [dialog, setDialog] = useState<'grant' | 'assign' | 'edit' | 'transfer' | null>(null)
  const assignments = useAssignments(personId)
  const named = usePeopleByIds((assignments.data ?? []).flatMap((a) => [a.reviewer_id, a.decider_id]))
  const posts = usePosts(personId)
  const deputy = person.data?.position.category === 'deputy'
  // Names of a deputy's fields: the unit's departments and people, already listed in the panel.
  const departments = useChildUnits(deputy ? unit.id : null)
  const colleagues = useUnitPeople(deputy ? unit.id : undefined)
  const close = () => {
    setPeriod(undefined)
    onClose()
  }
  const chain = useChain(personId, period)
  const months = now ? Array.from({ length: 13 }, (_, i) => shiftPeriod(now, 1 - i)) : []
  // `department_staff_large+delegation`: the rule, then how rule 7 moved a role.
  const ruleText = (code: string) => {
    const [rule, ...adjustments] = code.split('+')
    const text = t(`rules.${rule}`, { defaultValue: rule })
    return adjustments.length
      ? `${text}; ${adjustments.map((a) => t(`rules.${a}`, { defaultValue: a })).join('; ')}`
      : text
  }
  const who = (p?: { full_name: string; position: { title: string } } | null) =>
    p ? `${p.full_name} (${p.position.title})` : undefined

  return (
    <Drawer open={!!personId} onClose={close} size={560} title={person.data?.full_name ?? t('person')}>
      {person.isLoading ? (
        <Loading />
      ) : person.isError || !person.data ? (
        <ErrorAlert error={person.error} />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {/* Under the name, not beside it: three buttons there squeezed a long name. */}
          <Space wrap>
            <Button onClick={() => setDialog('edit')}>{t('editPerson')}</Button>
            <Button onClick={() => setDialog('transfer')}>{t('transfer')}</Button>
            <Button type="primary" onClick={() => setDialog('grant')}>
              {t('grantAccount')}
            </Button>
          </Space>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('unit')}>{unit.name}</Descriptions.Item>
            <Descriptions.Item label={t('post')}>{person.data.position.title}</Descriptions.Item>
            <Descriptions.Item label={t('category')}>
              {t(`categories.${person.data.position.category}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('formCode')}>{person.data.position.form_code}</Descriptions.Item>
            {person.data.position.office && (
              <Descriptions.Item label={t('office')}>
                {common(`offices.${person.data.position.office}`)}
              </Descriptions.Item>
            )}
            {person.data.external_id && (
              <Descriptions.Item label={t('externalId')}>{person.data.external_id}</Descriptions.Item>
            )}
            {person.data.email && (
              <Descriptions.Item label={t('email')}>{person.data.email}</Descriptions.Item>
            )}
            {deputy && (
              <Descriptions.Item label={t('inCharge')}>
                <span data-testid="in-charge">
                  {[
                    ...person.data.in_charge_of_unit_ids.map(
                      (id) => departments.data?.find((u) => u.id === id)?.name ?? '…',
                    ),
                    ...person.data.in_charge_of_person_ids.map(
                      (id) => colleagues.data?.find((p) => p.id === id)?.full_name ?? '…',
                    ),
                  ].join(', ') || t('noField')}
                </span>
              </Descriptions.Item>
            )}
            {!person.data.active && (
              <Descriptions.Item label={t('working')}>{t('leftService')}</Descriptions.Item>
            )}
          </Descriptions>
          <Card
            size="small"
            title={
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                {t('chain')}
              </Typography.Title>
            }
            extra={
              <Select
                aria-label={t('chainMonth')}
                value={period}
                onChange={setPeriod}
                style={{ width: 120 }}
                options={months.map((m) => ({ value: m, label: periodLabel(m) }))}
              />
            }
          >
            {chain.isLoading ? (
              <Loading />
            ) : chain.isError || !chain.data ? (
              <ErrorAlert error={chain.error} onRetry={() => chain.refetch()} />
            ) : (
              <div data-testid="chain">
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('reviewer')}>
                    {who(chain.data.reviewer) ?? t('noOne')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('decider')}>
                    {who(chain.data.decider) ?? t('outside')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('rule')}>
                    <span data-rule={chain.data.rule}>{ruleText(chain.data.rule)}</span>
                  </Descriptions.Item>
                </Descriptions>
                <ul style={{ paddingInlineStart: 20, margin: 0 }}>
                  {chain.data.explanation.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </div>
            )}
          </Card>
          <Card
            size="small"
            title={
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                {t('assignments')}
              </Typography.Title>
            }
            extra={<Button onClick={() => setDialog('assign')}>{t('assign')}</Button>}
          >
            {assignments.isError ? (
              <ErrorAlert error={assignments.error} />
            ) : (
              <List
                data-testid="assignments"
                loading={assignments.isLoading}
                dataSource={assignments.data ?? []}
                locale={{
                  emptyText: <Typography.Text type="secondary">{t('noAssignment')}</Typography.Text>,
                }}
                renderItem={(a) => (
                  <List.Item>
                    <Space direction="vertical" size={0}>
                      {a.reviewer_id && (
                        <span>
                          {t('reviewer')}: {nameAndPost(named.byId.get(a.reviewer_id))}
                        </span>
                      )}
                      {a.decider_id && (
                        <span>
                          {t('decider')}: {nameAndPost(named.byId.get(a.decider_id))}
                        </span>
                      )}
                      <Typography.Text type="secondary">
                        {a.valid_until
                          ? t('fromUntil', { from: dayLabel(a.valid_from), until: dayLabel(a.valid_until) })
                          : t('fromOpen', { from: dayLabel(a.valid_from) })}
                        {a.note ? ` (${a.note})` : ''}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card
            size="small"
            title={
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                {t('posts')}
              </Typography.Title>
            }
          >
            {posts.isLoading ? (
              <Loading />
            ) : posts.isError || !posts.data ? (
              <ErrorAlert error={posts.error} onRetry={() => posts.refetch()} />
            ) : (
              <Timeline
                data-testid="posts"
                reverse
                items={posts.data.map((p) => ({
                  color: p.ended_at ? 'gray' : 'green',
                  children: (
                    <Space direction="vertical" size={0}>
                      <Typography.Text strong>
                        {p.position.title}, {p.unit_name}
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {p.ended_at
                          ? t('fromUntil', { from: dayLabel(p.started_at), until: dayLabel(p.ended_at) })
                          : t('fromNow', { from: dayLabel(p.started_at) })}
                        {' · '}
                        {t('formShort', { code: p.position.form_code })}
                      </Typography.Text>
                      {p.reason && (
                        <Typography.Text type="secondary">
                          {t(`reasons.${p.reason}`, { defaultValue: p.reason })}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                }))}
              />
            )}
          </Card>
        </Space>
      )}
      {person.data && (
        <>
          <AssignmentModal open={dialog === 'assign'} person={person.data} onClose={() => setDialog(null)} />
          <GrantAccountModal open={dialog === 'grant'} person={person.data} onClose={() => setDialog(null)} />
          <EditPersonModal
            open={dialog === 'edit'}
            person={person.data}
            unit={unit}
            onClose={() => setDialog(null)}
            onSaved={() => {
              setDialog(null)
              void message.success(t('personSaved'))
            }}
          />
          <TransferModal
            open={dialog === 'transfer'}
            person={person.data}
            onClose={() => setDialog(null)}
            onDone={(result) => {
              setDialog(null)
              void message.success(t('transferred', { name: result.person.full_name }))
              close()
            }}
          />
        </>
      )}
    </Drawer>
  )
}

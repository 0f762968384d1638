import { App, Button, Card, Descriptions, List, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert, Loading, ToneTag, dayLabel } from '../../components'
import { usePeopleByIds } from '../../components/people'
import { ActingHeadModal } from './ActingHeadModal'
import { EditUnitModal } from './EditUnitModal'
import { NewPersonModal } from './NewPersonModal'
import { NewUnitModal } from './NewUnitModal'
import { PersonDrawer } from './PersonDrawer'
import { useDelegations, useUnit, useUnitPeople, type Unit } from './useOrg'

/** One unit: what it is, who acts as its head, its people, and what the administrator can add. */
export function UnitPanel({
  unitId,
  onUnitCreated,
}: {
  unitId: string
  onUnitCreated: (unit: Unit) => void
}) {
  const { t } = useTranslation('org')
  const { message } = App.useApp()
  const unit = useUnit(unitId)
  const people = useUnitPeople(unitId)
  const delegations = useDelegations(unitId)
  const [dialog, setDialog] = useState<'unit' | 'edit' | 'person' | 'acting' | null>(null)
  const [personId, setPersonId] = useState<string>()
  const named = usePeopleByIds((delegations.data ?? []).map((d) => d.acting_person_id))

  if (unit.isLoading) return <Loading />
  if (unit.isError || !unit.data) return <ErrorAlert error={unit.error} onRetry={() => unit.refetch()} />
  const u = unit.data
  // An acting head may come from another unit: named by id with the unit's own people.
  const nameOf = (id: string) =>
    people.data?.find((p) => p.id === id)?.full_name ?? named.byId.get(id)?.full_name ?? '…'

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }} data-testid="unit-name">
            {u.name}
          </Typography.Title>
        }
        extra={
          <Space wrap>
            <Button onClick={() => setDialog('edit')}>{t('editUnit')}</Button>
            {u.level !== 'department' && <Button onClick={() => setDialog('unit')}>{t('addUnit')}</Button>}
            <Button type="primary" onClick={() => setDialog('person')}>
              {t('addPerson')}
            </Button>
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('code')}>{u.code}</Descriptions.Item>
          <Descriptions.Item label={t('level')}>{t(`levels.${u.level}`)}</Descriptions.Item>
          <Descriptions.Item label={t('bloc')}>{t(`blocs.${u.bloc}`)}</Descriptions.Item>
        </Descriptions>
        {!u.active && <ToneTag tone="gray">{t('inactive')}</ToneTag>}
      </Card>

      <Card
        size="small"
        title={
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {t('actingHeads')}
          </Typography.Title>
        }
        extra={<Button onClick={() => setDialog('acting')}>{t('nameActingHead')}</Button>}
      >
        {delegations.isError ? (
          <ErrorAlert error={delegations.error} />
        ) : (
          <List
            data-testid="acting-heads"
            loading={delegations.isLoading}
            dataSource={delegations.data ?? []}
            locale={{ emptyText: <Typography.Text type="secondary">{t('noActingHead')}</Typography.Text> }}
            renderItem={(d) => (
              <List.Item>
                {nameOf(d.acting_person_id)},{' '}
                {d.valid_until
                  ? t('fromUntil', { from: dayLabel(d.valid_from), until: dayLabel(d.valid_until) })
                  : t('fromOpen', { from: dayLabel(d.valid_from) })}
                {d.note ? ` (${d.note})` : ''}
              </List.Item>
            )}
          />
        )}
      </Card>

      <Card
        size="small"
        title={
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {t('people', { count: people.data?.length ?? 0 })}
          </Typography.Title>
        }
      >
        {people.isError ? (
          <ErrorAlert error={people.error} onRetry={() => people.refetch()} />
        ) : (
          <Table
            size="small"
            rowKey="id"
            loading={people.isLoading}
            dataSource={people.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('noPeople') }}
            scroll={{ x: true }}
            columns={[
              {
                title: t('fullName'),
                dataIndex: 'full_name',
                render: (name: string, p) => (
                  <Button
                    type="link"
                    style={{ padding: 0, height: 'auto' }}
                    onClick={() => setPersonId(p.id)}
                  >
                    {name}
                  </Button>
                ),
              },
              { title: t('post'), render: (_, p) => p.position.title },
              { title: t('category'), render: (_, p) => t(`categories.${p.position.category}`) },
              { title: t('formCode'), render: (_, p) => p.position.form_code },
            ]}
          />
        )}
      </Card>

      <NewUnitModal
        open={dialog === 'unit'}
        parent={u}
        onClose={() => setDialog(null)}
        onCreated={(created) => {
          setDialog(null)
          void message.success(t('unitCreated', { name: created.name }))
          onUnitCreated(created)
        }}
      />
      <EditUnitModal
        open={dialog === 'edit'}
        unit={u}
        onClose={() => setDialog(null)}
        onSaved={(saved) => {
          setDialog(null)
          void message.success(t('unitSaved', { name: saved.name }))
        }}
      />
      <NewPersonModal
        open={dialog === 'person'}
        unit={u}
        onClose={() => setDialog(null)}
        onCreated={(created) => {
          setDialog(null)
          void message.success(t('personCreated', { name: created.full_name }))
        }}
      />
      <ActingHeadModal
        open={dialog === 'acting'}
        unit={u}
        people={people.data ?? []}
        onClose={() => setDialog(null)}
        onNamed={(name) => {
          setDialog(null)
          void message.success(t('actingNamed', { name }))
        }}
      />
      <PersonDrawer personId={personId} unit={u} onClose={() => setPersonId(undefined)} />
    </Space>
  )
}

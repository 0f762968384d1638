import { DeleteOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Flex, Form, Input, List, Select, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, fieldErrors, type Schemas } from '../../api'
import { ErrorAlert, RankTag } from '../../components'
import { hanoiDateTime } from '../../components/periods'
import { useSaveCommendations, useSendCommendations } from './useResults'

type Draft = { person_id: string; reason: string }

const toDraft = (list: Schemas['CommendationList']): Draft[] =>
  list.items.map((i) => ({ person_id: i.person.id, reason: i.reason }))

/**
 * The commendation proposal list (Điều 13.2): drawn up at publication from the month's A,
 * edited with reasons and sent up by the unit head; read-only for everyone after sending.
 */
export function CommendationsCard({
  unitId,
  period,
  list,
  results,
  editable,
}: {
  unitId: string
  period: string
  list: Schemas['CommendationList']
  results: Schemas['ResultRow'][]
  editable: boolean
}) {
  const { t } = useTranslation('results')
  const { message, modal } = App.useApp()
  const sent = !!list.sent_at
  const canEdit = editable && !sent
  const [draft, setDraft] = useState<Draft[]>(() => toDraft(list))
  const [base, setBase] = useState(list)
  if (base !== list) {
    // The list changed on the server (saved, sent): start again from it.
    setBase(list)
    setDraft(toDraft(list))
  }
  const save = useSaveCommendations(unitId, period)
  const send = useSendCommendations(unitId, period)
  const dirty = JSON.stringify(draft) !== JSON.stringify(toDraft(list))
  const fields = fieldErrors(save.error)
  const general = save.error instanceof ApiError && !save.error.problem.errors ? save.error : null
  const rankOf = new Map(results.map((r) => [r.person.id, r.rank]))
  const nameOf = new Map(results.map((r) => [r.person.id, r.person.full_name]))
  for (const i of list.items) if (!nameOf.has(i.person.id)) nameOf.set(i.person.id, i.person.full_name)

  const update = (index: number, change: Partial<Draft>) =>
    setDraft((d) => d.map((row, i) => (i === index ? { ...row, ...change } : row)))

  const confirmSend = () =>
    modal.confirm({
      title: t('commendations.sendConfirmTitle'),
      content: t('commendations.sendConfirm', { count: list.items.length }),
      okText: t('commendations.send'),
      cancelText: t('common:cancel'),
      onOk: () =>
        send.mutateAsync().then(
          () => message.success(t('commendations.sent')),
          () => undefined,
        ),
    })

  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
        {t('commendations.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('commendations.intro')}</Typography.Paragraph>
      {sent && (
        <Alert
          type="success"
          showIcon
          title={t('commendations.sentAt', { at: hanoiDateTime(list.sent_at!) })}
          style={{ marginBottom: 16 }}
          data-testid="commendations-sent"
        />
      )}
      {send.error && <ErrorAlert error={send.error} />}
      {general && <ErrorAlert error={general} />}
      {!canEdit ? (
        list.items.length === 0 ? (
          <Typography.Paragraph>{t('commendations.empty')}</Typography.Paragraph>
        ) : (
          <List
            dataSource={list.items}
            data-testid="commendations-list"
            renderItem={(item) => (
              <List.Item key={item.person.id}>
                <Flex vertical gap={2}>
                  <Flex gap={8} align="center">
                    <Typography.Text strong>{item.person.full_name}</Typography.Text>
                    <RankTag rank={rankOf.get(item.person.id)} />
                  </Flex>
                  <Typography.Text>
                    {t('commendations.reason')}: {item.reason}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )
      ) : (
        <Form layout="vertical" component="div">
          {draft.length === 0 && <Typography.Paragraph>{t('commendations.empty')}</Typography.Paragraph>}
          {draft.map((row, i) => {
            const personId = `commendation-person-${i}`
            const reasonId = `commendation-reason-${i}`
            return (
              <Card key={i} size="small" style={{ marginBottom: 12 }} data-testid="commendation-row">
                <Form.Item
                  label={t('commendations.person')}
                  htmlFor={personId}
                  validateStatus={fields[`items[${i}].person_id`] ? 'error' : undefined}
                  help={fields[`items[${i}].person_id`]}
                >
                  <Select
                    id={personId}
                    value={row.person_id || undefined}
                    onChange={(v: string) => update(i, { person_id: v })}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={results.map((r) => ({
                      value: r.person.id,
                      label: `${r.person.full_name} (${r.rank})`,
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  label={t('commendations.reason')}
                  htmlFor={reasonId}
                  validateStatus={fields[`items[${i}].reason`] ? 'error' : undefined}
                  help={fields[`items[${i}].reason`]}
                >
                  <Input.TextArea
                    id={reasonId}
                    value={row.reason}
                    maxLength={1000}
                    autoSize={{ minRows: 2 }}
                    onChange={(e) => update(i, { reason: e.target.value })}
                  />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  onClick={() => setDraft((d) => d.filter((_, j) => j !== i))}
                >
                  {t('commendations.remove', { name: nameOf.get(row.person_id) ?? '' })}
                </Button>
              </Card>
            )
          })}
          <Flex wrap gap={8}>
            <Button
              icon={<PlusOutlined />}
              onClick={() => setDraft((d) => [...d, { person_id: '', reason: '' }])}
            >
              {t('commendations.add')}
            </Button>
            <Button
              type="primary"
              disabled={!dirty}
              loading={save.isPending}
              onClick={() =>
                save.mutate(draft, { onSuccess: () => message.success(t('commendations.saved')) })
              }
            >
              {t('commendations.save')}
            </Button>
            <Button icon={<SendOutlined />} disabled={dirty} loading={send.isPending} onClick={confirmSend}>
              {t('commendations.send')}
            </Button>
          </Flex>
          {dirty && (
            <Typography.Paragraph style={{ marginTop: 8 }}>
              {t('commendations.saveFirst')}
            </Typography.Paragraph>
          )}
        </Form>
      )}
    </Card>
  )
}

import { App, Button, Card, List, Space, Switch, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert, Loading, PageTitle } from '../../components'
import {
  useMarkAllRead,
  useMarkRead,
  useNotificationList,
  usePreferences,
  useSetPreferences,
} from './useNotifications'

const when = new Map<string, Intl.DateTimeFormat>()
function formatWhen(at: string, language: string) {
  const locale = language.startsWith('en') ? 'en-GB' : 'vi-VN'
  let format = when.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      hour: '2-digit',
      minute: '2-digit',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      timeZone: 'Asia/Ho_Chi_Minh',
    })
    when.set(locale, format)
  }
  return format.format(new Date(at))
}

/** My notifications (Điều 5.4 alerts), newest first, and how I want to receive them. */
export default function NotificationsPage() {
  const { t, i18n } = useTranslation('notifications')
  const { message } = App.useApp()
  const navigate = useNavigate()
  const list = useNotificationList()
  const markRead = useMarkRead()
  const markAll = useMarkAllRead()
  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  const unread = list.data?.pages[0]?.unread ?? 0

  const open = async (id: string, read: boolean, link?: string | null) => {
    if (!read) await markRead.mutateAsync(id)
    if (link) navigate(link)
  }

  return (
    <>
      <PageTitle
        extra={
          <Button
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={async () => {
              const marked = await markAll.mutateAsync()
              void message.success(t('markedAll', { count: marked }))
            }}
          >
            {t('markAllRead')}
          </Button>
        }
      >
        {t('title')}
      </PageTitle>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : (
        <Card>
          <List
            itemLayout="vertical"
            dataSource={items}
            locale={{ emptyText: t('empty') }}
            renderItem={(n) => {
              const read = !!n.read_at
              return (
                <List.Item
                  data-testid="notification"
                  data-cause={n.cause}
                  actions={[
                    <Button
                      key="open"
                      type={read ? 'default' : 'primary'}
                      size="small"
                      onClick={() => void open(n.id, read, n.link)}
                      aria-label={`${t('open')}: ${n.title}`}
                    >
                      {t('open')}
                    </Button>,
                    ...(read
                      ? []
                      : [
                          <Button
                            key="read"
                            size="small"
                            onClick={() => markRead.mutate(n.id)}
                            aria-label={`${t('markRead')}: ${n.title}`}
                          >
                            {t('markRead')}
                          </Button>,
                        ]),
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap size={4}>
                        <Typography.Text strong={!read}>{n.title}</Typography.Text>
                        {!read && <Tag color="red">{t('unread')}</Tag>}
                        {n.level > 0 && <Tag color="orange">{t('overdue')}</Tag>}
                      </Space>
                    }
                    description={
                      <>
                        <Typography.Paragraph style={{ marginBottom: 4 }}>{n.body}</Typography.Paragraph>
                        <Typography.Text type="secondary" style={{ color: '#595959' }}>
                          {formatWhen(n.created_at, i18n.language)}
                        </Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              )
            }}
          />
          {list.hasNextPage && (
            <Button block onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('more')}
            </Button>
          )}
        </Card>
      )}
      <Preferences />
    </>
  )
}

function Preferences() {
  const { t } = useTranslation('notifications')
  const { message } = App.useApp()
  const preferences = usePreferences()
  const save = useSetPreferences()
  if (!preferences.data) return null
  const current = preferences.data
  const change = async (next: { in_app: boolean; email: boolean }) => {
    await save.mutateAsync(next)
    void message.success(t('preferences.saved'))
  }
  return (
    <Card title={t('preferences.title')} style={{ marginTop: 16 }}>
      <Space direction="vertical">
        <Space>
          <Switch
            id="pref-in-app"
            checked={current.in_app}
            loading={save.isPending}
            onChange={(in_app) => void change({ ...current, in_app })}
          />
          <label htmlFor="pref-in-app">{t('preferences.inApp')}</label>
        </Space>
        <Space>
          <Switch
            id="pref-email"
            checked={current.email}
            loading={save.isPending}
            onChange={(email) => void change({ ...current, email })}
          />
          <label htmlFor="pref-email">{t('preferences.email')}</label>
        </Space>
      </Space>
    </Card>
  )
}

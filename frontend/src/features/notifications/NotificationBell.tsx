import { BellOutlined } from '@ant-design/icons'
import { Badge, Button } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useUnreadCount } from './useNotifications'

/** The header's bell: how many notifications are unread; opens the list. */
export function NotificationBell() {
  const { t } = useTranslation('notifications')
  const navigate = useNavigate()
  const unread = useUnreadCount(true).data ?? 0
  return (
    <Badge count={unread} size="small" offset={[-4, 4]} overflowCount={99}>
      <Button
        type="text"
        icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
        aria-label={unread > 0 ? t('bellUnread', { count: unread }) : t('bell')}
        data-testid="notification-bell"
        onClick={() => navigate('/thong-bao')}
      />
    </Badge>
  )
}

import '../../i18n/admin'
import { Tabs } from 'antd'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { hasRole, useMe } from '../../api'
import { PageTitle } from '../../components'
import { AuditPanel } from './AuditPanel'
import { BackupsPanel } from './BackupsPanel'
import { ClientsPanel } from './ClientsPanel'
import { JobsPanel } from './JobsPanel'

/** Operators' tools (service clients, backups, jobs) and the audit trail. */
export default function IntegrationPage() {
  const { t } = useTranslation('integration')
  const me = useMe()
  const operator = hasRole(me.data, 'operator')
  const [params, setParams] = useSearchParams()
  const tabs = [
    ...(operator
      ? [
          { key: 'ung-dung', label: t('tabs.clients'), children: <ClientsPanel /> },
          { key: 'sao-luu', label: t('tabs.backups'), children: <BackupsPanel /> },
          { key: 'tac-vu', label: t('tabs.jobs'), children: <JobsPanel /> },
        ]
      : []),
    { key: 'nhat-ky', label: t('tabs.audit'), children: <AuditPanel /> },
  ]
  const active = tabs.some((tab) => tab.key === params.get('muc')) ? params.get('muc')! : tabs[0].key
  return (
    <>
      <PageTitle>{t('title')}</PageTitle>
      <Tabs activeKey={active} onChange={(key) => setParams({ muc: key })} items={tabs} destroyOnHidden />
    </>
  )
}

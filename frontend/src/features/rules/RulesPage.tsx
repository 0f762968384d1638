import '../../i18n/admin'
import { Tabs } from 'antd'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { PageTitle } from '../../components'
import { ExtensionPanel } from './ExtensionPanel'
import { FormsPanel } from './FormsPanel'
import { PeriodsPanel } from './PeriodsPanel'
import { PostRulesPanel } from './PostRulesPanel'
import { QuotaGroupsPanel } from './QuotaGroupsPanel'
import { QuotaPanel } from './QuotaPanel'

/** The rules: the criteria forms, the periods' deadlines and the A quota. */
export default function RulesPage() {
  const { t } = useTranslation('rules')
  const [params, setParams] = useSearchParams()
  const tabs = [
    { key: 'mau-phieu', label: t('tabs.forms'), children: <FormsPanel /> },
    { key: 'bo-sung', label: t('tabs.extension'), children: <ExtensionPanel /> },
    { key: 'chuc-danh', label: t('tabs.postRules'), children: <PostRulesPanel /> },
    { key: 'ky-danh-gia', label: t('tabs.periods'), children: <PeriodsPanel /> },
    { key: 'chi-tieu', label: t('tabs.quota'), children: <QuotaPanel /> },
    { key: 'nhom', label: t('tabs.groups'), children: <QuotaGroupsPanel /> },
  ]
  const active = tabs.some((tab) => tab.key === params.get('muc')) ? params.get('muc')! : tabs[0].key
  return (
    <>
      <PageTitle>{t('title')}</PageTitle>
      <Tabs activeKey={active} onChange={(key) => setParams({ muc: key })} items={tabs} destroyOnHidden />
    </>
  )
}

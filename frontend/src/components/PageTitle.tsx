import { Typography } from 'antd'
import { useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** The page's heading, also the document title (screen readers and browser tabs). */
export function PageTitle({ children, extra }: { children: string; extra?: ReactNode }) {
  const { t } = useTranslation()
  useEffect(() => {
    document.title = `${children} · ${t('appShort')}`
  }, [children, t])
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0, flex: '1 1 auto' }}>
        {children}
      </Typography.Title>
      {extra}
    </div>
  )
}

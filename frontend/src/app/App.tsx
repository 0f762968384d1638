import { QueryClientProvider } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import viVN from 'antd/locale/vi_VN'
import dayjs from 'dayjs'
import 'dayjs/locale/vi'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { RouterProvider } from 'react-router'
import { makeQueryClient } from '../api/queryClient'
import { makeRouter } from './router'

export function App() {
  const { i18n } = useTranslation()
  const [queryClient] = useState(makeQueryClient)
  const [router] = useState(makeRouter)
  const vietnamese = !i18n.language.startsWith('en')
  dayjs.locale(vietnamese ? 'vi' : 'en')
  return (
    <ConfigProvider
      locale={vietnamese ? viVN : enUS}
      theme={{ token: { colorPrimary: '#b71c1c', fontSize: 15 } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  )
}

import { QueryClientProvider } from '@tanstack/react-query'
import { ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import viVN from 'antd/locale/vi_VN'
import dayjs from 'dayjs'
import 'dayjs/locale/vi'
import { useMemo, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { RouterProvider } from 'react-router'
import { makeQueryClient } from '../api/queryClient'
import { makeRouter } from './router'

// Colours with at least 4.5:1 contrast on white and on the light footer (WCAG AA).
const THEME = {
  token: {
    colorPrimary: '#b71c1c',
    colorLink: '#0b57d0',
    // Darker, not lighter, under the pointer or a finger: antd's default hover blue is 2.7:1.
    colorLinkHover: '#0842a0',
    colorLinkActive: '#062e70',
    colorTextSecondary: '#595959',
    colorTextDescription: '#595959',
    // Danger buttons and error texts.
    colorError: '#c62828',
    // Labels of descriptions.
    colorTextTertiary: '#595959',
    colorTextPlaceholder: '#6b6b6b',
    fontSize: 15,
  },
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)'

/** Whether the user asked their system for less motion (WCAG 2.3.3); follows a change live. */
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(REDUCED_MOTION)
      query.addEventListener('change', onChange)
      return () => query.removeEventListener('change', onChange)
    },
    () => window.matchMedia(REDUCED_MOTION).matches,
  )
}

export function App() {
  const { i18n } = useTranslation()
  const [queryClient] = useState(makeQueryClient)
  const [router] = useState(makeRouter)
  const vietnamese = !i18n.language.startsWith('en')
  // Without motion, dialogs and menus open and close at once: no zoom to wait out before a tap
  // lands where it aims (the browser journeys ask for this too).
  const reducedMotion = usePrefersReducedMotion()
  const theme = useMemo(() => ({ token: { ...THEME.token, motion: !reducedMotion } }), [reducedMotion])
  dayjs.locale(vietnamese ? 'vi' : 'en')
  return (
    <ConfigProvider locale={vietnamese ? viVN : enUS} theme={theme}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ConfigProvider>
  )
}

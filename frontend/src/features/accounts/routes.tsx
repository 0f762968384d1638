import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const AccountsPage = lazy(() => import('./AccountsPage'))
const ImportPage = lazy(() => import('./ImportPage'))

export const accountRoutes: RouteObject[] = [
  { path: '/tai-khoan', element: <AccountsPage /> },
  { path: '/tai-khoan/nhap', element: <ImportPage /> },
]

import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const ReportsPage = lazy(() => import('./ReportsPage'))
const SearchPage = lazy(() => import('./SearchPage'))
const YearlyPage = lazy(() => import('./YearlyPage'))

export const reportRoutes: RouteObject[] = [
  { path: '/bao-cao', element: <ReportsPage /> },
  { path: '/bao-cao/tra-cuu', element: <SearchPage /> },
  { path: '/bao-cao/ca-nam', element: <YearlyPage /> },
]

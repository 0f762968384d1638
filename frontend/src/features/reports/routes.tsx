import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const ReportsPage = lazy(() => import('./ReportsPage'))

export const reportRoutes: RouteObject[] = [{ path: '/bao-cao', element: <ReportsPage /> }]

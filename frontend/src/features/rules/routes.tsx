import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const RulesPage = lazy(() => import('./RulesPage'))

export const rulesRoutes: RouteObject[] = [{ path: '/quy-dinh', element: <RulesPage /> }]

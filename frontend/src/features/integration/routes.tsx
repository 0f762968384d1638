import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const IntegrationPage = lazy(() => import('./IntegrationPage'))

export const integrationRoutes: RouteObject[] = [{ path: '/van-hanh', element: <IntegrationPage /> }]

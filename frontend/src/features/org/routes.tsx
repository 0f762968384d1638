import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const OrgPage = lazy(() => import('./OrgPage'))

export const orgRoutes: RouteObject[] = [{ path: '/to-chuc', element: <OrgPage /> }]

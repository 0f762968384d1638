import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const WorkPage = lazy(() => import('./WorkPage'))

export const workRoutes: RouteObject[] = [
  { path: '/cong-viec', element: <WorkPage /> },
  { path: '/cong-viec/:period', element: <WorkPage /> },
]

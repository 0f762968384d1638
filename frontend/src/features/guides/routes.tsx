import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const GuidesPage = lazy(() => import('./GuidesPage'))
const FeedbackPage = lazy(() => import('./FeedbackPage'))

/** Public: reachable before sign-in (Điều 12, Điều 23.3). */
export const guideRoutes: RouteObject[] = [
  { path: '/huong-dan', element: <GuidesPage /> },
  { path: '/huong-dan/:group', element: <GuidesPage /> },
  { path: '/gop-y', element: <FeedbackPage /> },
]

import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const ReviewQueuePage = lazy(() => import('./ReviewQueuePage'))
const EvaluationActPage = lazy(() => import('./EvaluationActPage'))
const UnitSummaryPage = lazy(() => import('./UnitSummaryPage'))

export const reviewRoutes: RouteObject[] = [
  { path: '/xu-ly', element: <ReviewQueuePage /> },
  { path: '/xu-ly/:id', element: <EvaluationActPage /> },
  { path: '/don-vi/:unitId/tong-hop/:period', element: <UnitSummaryPage /> },
]

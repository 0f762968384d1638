import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const MyEvaluationPage = lazy(() => import('./MyEvaluationPage'))

export const evaluationRoutes: RouteObject[] = [
  { path: '/danh-gia', element: <MyEvaluationPage /> },
  { path: '/danh-gia/:period', element: <MyEvaluationPage /> },
]

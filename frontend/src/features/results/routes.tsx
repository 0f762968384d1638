import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const ResultsPage = lazy(() => import('./ResultsPage'))

export const resultsRoutes: RouteObject[] = [
  { path: '/ket-qua', element: <ResultsPage /> },
  { path: '/ket-qua/:unitId/:period', element: <ResultsPage /> },
]

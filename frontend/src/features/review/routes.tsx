import { lazy } from 'react'
import type { RouteObject } from 'react-router'

const ReviewQueuePage = lazy(() => import('./ReviewQueuePage'))

export const reviewRoutes: RouteObject[] = [{ path: '/xu-ly', element: <ReviewQueuePage /> }]

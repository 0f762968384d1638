import { lazy } from 'react'
import { createBrowserRouter } from 'react-router'
import { accountRoutes } from '../features/accounts/routes'
import { authRoutes, publicAuthRoutes } from '../features/auth/routes'
import { evaluationRoutes } from '../features/evaluation/routes'
import { guideRoutes } from '../features/guides/routes'
import { homeRoutes } from '../features/home/routes'
import { integrationRoutes } from '../features/integration/routes'
import { notificationRoutes } from '../features/notifications/routes'
import { orgRoutes } from '../features/org/routes'
import { reportRoutes } from '../features/reports/routes'
import { rulesRoutes } from '../features/rules/routes'
import { resultsRoutes } from '../features/results/routes'
import { reviewRoutes } from '../features/review/routes'
import { workRoutes } from '../features/work/routes'
import { NotFound } from './NotFound'
import { PublicLayout } from './PublicLayout'
import { RequireAuth } from './RequireAuth'

// The signed-in frame (menu, drawer, selects) is not needed to sign in: loaded after.
const AppLayout = lazy(() => import('./AppLayout'))

export function makeRouter() {
  return createBrowserRouter([
    { element: <PublicLayout />, children: [...publicAuthRoutes, ...guideRoutes] },
    {
      element: <RequireAuth />,
      children: [
        {
          path: '/',
          element: <AppLayout />,
          children: [
            ...homeRoutes,
            ...authRoutes,
            ...workRoutes,
            ...evaluationRoutes,
            ...reviewRoutes,
            ...resultsRoutes,
            ...notificationRoutes,
            ...orgRoutes,
            ...accountRoutes,
            ...reportRoutes,
            ...integrationRoutes,
            ...rulesRoutes,
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
    },
  ])
}

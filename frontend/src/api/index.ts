export { api } from './client'
export { ApiError, fieldErrors, unwrap, toApiError } from './problem'
export type { Problem } from './problem'
export { useMe, hasRole, meKey } from './me'
export type { Me } from './me'
export type { components, paths } from './schema'
export type Schemas = import('./schema').components['schemas']
export { etagOf, fetchEvaluation, useCriteriaForm, usePeriodCalendar } from './evaluations'
export type { Evaluation, Versioned } from './evaluations'

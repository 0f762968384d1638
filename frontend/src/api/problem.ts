// problem+json answers (RFC 9457) as the API sends them, and helpers to show them.
import type { components } from './schema'

export type Problem = components['schemas']['Problem']

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'status' in value
}

/** An error thrown by the API layer so TanStack Query and forms see one type. */
export class ApiError extends Error {
  readonly problem: Problem
  constructor(problem: Problem) {
    super(problem.detail || problem.title)
    this.problem = problem
  }
  get code() {
    return this.problem.code
  }
  get status() {
    return this.problem.status
  }
}

/**
 * Turns an openapi-fetch result into its data, or throws an ApiError. A 204 has no data: the
 * value is then `undefined`, which the operation's type already says.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok || result.error !== undefined) {
    throw toApiError(result.error, result.response)
  }
  return result.data as T
}

export function toApiError(error: unknown, response: Response): ApiError {
  if (isProblem(error)) return new ApiError(error)
  return new ApiError({
    type: '/problems/network',
    title: response.statusText || 'Error',
    status: response.status,
    code: response.status === 0 ? 'network_error' : 'unexpected_error',
    detail: response.status ? `HTTP ${response.status}` : '',
  })
}

/** Field errors by field name, for Ant Design's `Form.Item` `help`/`validateStatus`. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem.errors) return {}
  const out: Record<string, string> = {}
  for (const e of error.problem.errors) out[e.field] = e.message
  return out
}

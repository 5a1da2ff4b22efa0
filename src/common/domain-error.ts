/**
 * Business failures carry a stable code; one global filter maps codes to HTTP statuses, so services
 * never throw HTTP exceptions (conventions.md §3).
 */
export const ERROR_STATUS = {
  'REQUEST.INVALID': 400,
  'CASE.INVALID_PAYLOAD': 400,
  'AUTH.INVALID_CREDENTIALS': 401,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.LOCKED': 429,
  'CASE.ROLE_NOT_ALLOWED': 403,
  'CASE.RECUSED': 403,
  'PROCEDURE.CREATION_NOT_ALLOWED': 403,
  'CASE.NOT_FOUND': 404,
  'PROCEDURE.NOT_FOUND': 404,
  'CASE.EVENT_NOT_ALLOWED': 409,
  'CASE.GUARD_REFUSED': 409,
  'CASE.STALE_VERSION': 409,
  'IDEMPOTENCY.KEY_REUSED': 422,
  'CALENDAR.MISSING_YEAR': 503,
  'SERVICE.NOT_READY': 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

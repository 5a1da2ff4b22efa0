/**
 * Business failures carry a stable code; one global filter maps codes to HTTP statuses, so services
 * never throw HTTP exceptions (conventions.md §3).
 */
export const ERROR_STATUS = {
  'REQUEST.INVALID': 400,
  'CASE.INVALID_PAYLOAD': 400,
  'AUTH.WEAK_PASSWORD': 400,
  'ADMIN.INVALID': 400,
  'CALENDAR.INVALID': 400,
  'CALENDAR.NOT_FOUND': 404,
  'TLOG.INDEX_BEYOND_TREE': 400,
  'TLOG.SIZES_REVERSED': 400,
  'TLOG.CHECKPOINT_NOT_FOUND': 404,
  'CASE.RECEIPT_NOT_FOUND': 404,
  'WITNESS.SIZES_REVERSED': 400,
  'WITNESS.BAD_SIGNATURE': 403,
  'WITNESS.UNKNOWN_LOG': 404,
  'WITNESS.CONFLICT': 409,
  'WITNESS.BAD_PROOF': 422,
  'RETENTION.NO_PERIOD': 400,
  'RETENTION.NOTHING_DUE': 409,
  'RETENTION.PROPOSAL_PENDING': 409,
  'RETENTION.PROPOSAL_CLOSED': 409,
  'RETENTION.PROPOSAL_STALE': 409,
  'RETENTION.PROPOSAL_NOT_FOUND': 404,
  'RETENTION.OWN_PROPOSAL': 403,
  'CALENDAR.CHANGED': 409,
  'CALENDAR.UNCHANGED': 409,
  'CATALOGUE.INVALID': 400,
  'STATS.INVALID': 400,
  'RESULTS.INVALID': 400,
  'RESULTS.NOT_FOUND': 404,
  'RESULTS.ANSWERED': 409,
  'RESULTS.DOCUMENT_NO_TAKEN': 409,
  'IMPORT.INVALID': 400,
  'DOCUMENT.TEMPLATE_INVALID': 400,
  'DOCUMENT.VERIFY_INVALID': 400,
  'DOCUMENT.NOT_FOUND': 404,
  'DOCUMENT.TEMPLATE_CHANGED': 409,
  'DOCUMENT.TOO_LARGE': 413,
  'IMPORT.ROWS_INVALID': 400,
  'IMPORT.TOO_LARGE': 413,
  'IMPORT.UNSUPPORTED_TYPE': 415,
  'ATTACHMENT.INVALID': 400,
  'ATTACHMENT.TOO_LARGE': 413,
  'ATTACHMENT.UNSUPPORTED_TYPE': 415,
  'ATTACHMENT.CITATION_REFUSED': 422,
  'ATTACHMENT.NEEDS_GRANT': 403,
  'ATTACHMENT.NOT_ALLOWED': 403,
  'ATTACHMENT.NOT_FOUND': 404,
  'CATALOGUE.NOT_FOUND': 404,
  'CATALOGUE.CHANGED': 409,
  'CATALOGUE.UNCHANGED': 409,
  'AUTH.INVALID_CREDENTIALS': 401,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.LOCKED': 429,
  'CASE.ROLE_NOT_ALLOWED': 403,
  'AUTH.FORBIDDEN': 403,
  'AUTH.PASSWORD_CHANGE_REQUIRED': 403,
  'CASE.DUTY_CONFLICT': 403,
  'REVEAL.NOT_ALLOWED': 403,
  'REVEAL.SELF_APPROVAL': 403,
  'ADMIN.SELF_APPROVAL': 403,
  'ADMIN.APPROVER_ROLE': 403,
  'REVEAL.NO_GRANT': 403,
  'REVEAL.NOT_FOUND': 404,
  'ADMIN.NOT_FOUND': 404,
  'ADMIN.CONFLICT': 409,
  'ADMIN.APPROVAL_CLOSED': 409,
  'REVEAL.ALREADY_DECIDED': 409,
  'REVEAL.NOTHING_SEALED': 409,
  'REQUEST.TOO_MANY': 429,
  'CASE.RECUSED': 403,
  'CASE.OTHER_BODY': 403,
  'SUPERVISION.NOT_HIGHER': 403,
  'SUPERVISION.NOT_OWN_BODY': 403,
  'SUPERVISION.NOT_FOUND': 404,
  'SUPERVISION.INVALID': 400,
  'SUPERVISION.CLOSED': 409,
  'PROCEDURE.CREATION_NOT_ALLOWED': 403,
  'CASE.NOT_FOUND': 404,
  'PROCEDURE.NOT_FOUND': 404,
  'NOTIFICATION.NOT_FOUND': 404,
  'CASE.EVENT_NOT_ALLOWED': 409,
  'CASE.GUARD_REFUSED': 409,
  'CASE.STALE_VERSION': 409,
  'CASE.TRAIL_MISMATCH': 409,
  'IDEMPOTENCY.KEY_REUSED': 422,
  'SERVICE.NOT_READY': 503,
  'SEALED.KEY_MISSING': 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * One unmet condition of a refusal, named in both languages (a refusal says why: the page shows
 * these next to the form). `code` is stable for programs; `field` names the input concerned, if any.
 * Refusals carry them as `details.conditions`.
 */
export interface RefusalCondition {
  code: string;
  zh: string;
  en: string;
  field?: string;
}

export function condition(code: string, zh: string, en: string, field?: string): RefusalCondition {
  return field === undefined ? { code, zh, en } : { code, zh, en, field };
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** Set once the refusal is in the trail, so the security log does not record it twice. */
  recorded = false;
}

/**
 * The one error registry: stable codes, their HTTP status and a message key. Domain code throws
 * `AppError`; the error handler turns it into `{error:{code,message,fields?}}` in the caller's
 * language. No try/catch in handlers.
 */
import type { MessageKey, Params } from '../i18n';

export const ERRORS = {
  VALIDATION_FAILED: 422,
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  DNI_MALFORMED: 400,
  DNI_UNKNOWN: 404,
  NO_ACTIVE_OFFICE: 403,
  CATEGORY_INVALID: 422,
  TICKET_NOT_FOUND: 404,
  TICKET_CODE_MALFORMED: 400,
  TOO_MANY_TICKETS: 429,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_KEY_MALFORMED: 400,
  RATE_LIMITED: 429,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_INVALID: 403,
  INVALID_CREDENTIALS: 401,
  LOGIN_LOCKED: 429,
  TICKET_TAKEN: 409,
  INVALID_TRANSITION: 409,
  NOTE_REQUIRED: 422,
  NOT_OLDEST: 409,
  CHANNEL_NOT_ALLOWED: 403,
  CONFLICT: 409,
  SERVICE_UNAVAILABLE: 503,
  TELEGRAM_DISABLED: 503,
  INTERNAL: 500,
  TICKET_CLOSED: 409,
  PRIORITY_CLOSED_TICKET: 409,
  REOPEN_NOT_ALLOWED: 409,
  SURVEY_NOT_AVAILABLE: 409,
  SURVEY_ALREADY_ANSWERED: 409,
  INTERACTION_NOT_FOUND: 404,
  FEEDBACK_ALREADY_GIVEN: 409,
  FAQ_NOT_FOUND: 404,
  OFFICE_CODE_TAKEN: 409,
  OFFICE_PARENT_CYCLE: 422,
  OFFICE_UNKNOWN: 422,
  DNI_TAKEN: 409,
  CATEGORY_NAME_TAKEN: 409,
  USERNAME_TAKEN: 409,
  LAST_ADMIN: 409,
  CSV_HEADER_INVALID: 422,
  CSV_MALFORMED: 422,
  CSV_EXPECTED: 415,
  ASSET_NOT_FOUND: 404,
  ASSET_CODE_TAKEN: 409,
  ASSET_UNKNOWN: 422,
  ATTACHMENT_TYPE: 415,
  ATTACHMENT_TOO_LARGE: 413,
  ATTACHMENTS_TOO_MANY: 422,
  ATTACHMENT_CORRUPT: 422,
  ATTACHMENT_UNKNOWN: 422,
  ATTACHMENT_NOT_FOUND: 404,
  // Security hardening (issue 13).
  REQUEST_TIMEOUT: 408,
  ORIGIN_REJECTED: 403,
  PERIOD_TOO_LONG: 422,
  TOO_MANY_FILINGS: 429,
  // Sign-in the institution already has (issue 22).
  DIRECTORY_UNAVAILABLE: 503,
  DIRECTORY_NO_GROUP: 403,
  TOTP_REQUIRED: 401,
  TOTP_INVALID: 401,
  TOTP_LOCKED: 429,
  TOTP_ALREADY_ENROLLED: 409,
  TOTP_NOT_STARTED: 409,
  TOTP_ENROLMENT_REQUIRED: 403,
  SECRET_KEY_MISSING: 503,
  SECRET_KEY_WRONG: 503,
  DIRECTORY_ACCOUNT: 409,
  TOO_MANY_FOLLOW_LINKS: 429,
  TICKET_CODE_MASKED: 400,
  // Major incidents (issue 19).
  INCIDENT_NOT_FOUND: 404,
  INCIDENT_CLOSED: 409,
  INCIDENT_TICKET_UNKNOWN: 422,
  INCIDENT_TICKET_LINKED: 422,
  INCIDENT_TICKET_NOT_LINKED: 422,
  INCIDENT_TICKET_CLOSED: 422,
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** A field name → the message key (and params) explaining what is wrong with it. */
export type FieldErrors = Record<string, { key: MessageKey; params?: Params }>;

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    readonly params?: Params,
    readonly fields?: FieldErrors,
    /** Extra headers (e.g. Retry-After). */
    readonly headers?: Record<string, string>,
  ) {
    super(code);
    this.name = 'AppError';
    this.statusCode = ERRORS[code];
  }
}

export const messageKeyFor = (code: ErrorCode): MessageKey => `error.${code}` as MessageKey;

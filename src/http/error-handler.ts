/**
 * One error handler for the whole app: AppError → its status and Spanish (or English) message;
 * schema validation → 422 with `fields` (400 for path and query); body problems → 400/413/415;
 * a lost database connection or a database busy with another writer → 503; anything else → 500 with no details (logged).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS, type FieldErrors } from '../core/errors';
import { errorBody, type ErrorBody } from '../core/error-body';
import type { MessageKey } from '../i18n';
import { isConnectionError, isDataError, isTransientError } from '../db/dialect';
import { PageRefusal } from '../auth/guards';
import { keepConnectionAfterRefusedBody } from './refused-body';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

function fieldName(e: AjvError): string {
  if (e.keyword === 'required') {
    const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing = String(e.params.missingProperty ?? '');
    return base ? `${base}.${missing}` : missing;
  }
  if (e.keyword === 'additionalProperties') {
    const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const extra = String(e.params.additionalProperty ?? '');
    return base ? `${base}.${extra}` : extra;
  }
  return e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '_';
}

function fieldMessage(e: AjvError): { key: MessageKey; params?: Record<string, string | number> } {
  switch (e.keyword) {
    case 'required':
      return { key: 'field.required' };
    case 'minLength':
      // An empty text where one character is the minimum is a missing field ("al menos 1 caracteres" read badly).
      return Number(e.params.limit) === 1 ? { key: 'field.required' } : { key: 'field.minLength', params: { limit: Number(e.params.limit) } };
    case 'maxLength':
      return { key: 'field.maxLength', params: { limit: Number(e.params.limit) } };
    case 'minimum':
      return { key: 'field.minimum', params: { limit: Number(e.params.limit) } };
    case 'maximum':
      return { key: 'field.maximum', params: { limit: Number(e.params.limit) } };
    case 'pattern':
      return { key: 'field.pattern' };
    case 'format':
      return { key: 'field.format', params: { format: String(e.params.format) } };
    case 'enum':
      return { key: 'field.enum', params: { values: ((e.params.allowedValues as unknown[]) ?? []).join(', ') } };
    case 'const':
      return { key: 'field.enum', params: { values: String(e.params.allowedValue) } };
    case 'type':
      return { key: 'field.type', params: { type: String(e.params.type) } };
    case 'additionalProperties':
      return { key: 'field.additionalProperties' };
    default:
      return { key: 'field.invalid' };
  }
}

export function validationFields(errors: AjvError[]): FieldErrors {
  const fields: FieldErrors = {};
  // A union of literals (Type.Union([Type.Literal('low'), …])) fails with one `const` error per member:
  // name them all, not only the first or last one.
  const literals = new Map<string, string[]>();
  for (const e of errors) {
    const name = fieldName(e);
    if (e.keyword === 'const') {
      const values = literals.get(name) ?? [];
      values.push(String(e.params.allowedValue));
      literals.set(name, values);
    }
    if (!fields[name]) fields[name] = fieldMessage(e);
  }
  for (const [name, values] of literals) {
    if (fields[name]?.key === 'field.enum') fields[name] = { key: 'field.enum', params: { values: values.join(', ') } };
  }
  return fields;
}

function classify(err: FastifyError & { validation?: AjvError[]; validationContext?: string }): AppError | null {
  if (err instanceof AppError) return err;
  if (err.validation) {
    const fields = validationFields(err.validation);
    const ctx = err.validationContext;
    return new AppError(ctx === 'body' ? 'VALIDATION_FAILED' : 'BAD_REQUEST', undefined, fields);
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('INVALID_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST');
    // A static-file path that leaves its root (`/assets/vendor/x/../package.json` sent raw): nothing there.
    case 'FST_STATIC_FORBIDDEN_PATH':
      return new AppError('ROUTE_NOT_FOUND');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new AppError('BAD_REQUEST');
    default:
      break;
  }
  if (err.name === 'SyntaxError' || err.statusCode === 400) return new AppError('BAD_REQUEST');
  if (err.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (err.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (err.statusCode === 429) return new AppError('RATE_LIMITED', { seconds: 60 });
  // Unreachable, or busy with another writer after the transaction's own retries: try again soon.
  if (isConnectionError(err) || isTransientError(err)) return new AppError('SERVICE_UNAVAILABLE', undefined, undefined, { 'Retry-After': '5' });
  if (isDataError(err)) return new AppError('BAD_REQUEST');
  return null;
}

/** Renders an error for a page request instead of JSON; set by the web layer. */
export type HtmlErrorRenderer = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) => unknown;

export function registerErrorHandler(app: FastifyInstance, renderHtml?: HtmlErrorRenderer): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const locale = request.locale;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') keepConnectionAfterRefusedBody(request, reply);
    const appError = classify(error as FastifyError & { validation?: AjvError[] });
    let status: number;
    let body: ErrorBody;
    if (appError) {
      status = appError.statusCode;
      body = errorBody(locale, appError.code, appError.params, appError.fields);
      if (appError.headers) reply.headers(appError.headers);
      if (status >= 500) request.log.warn({ code: appError.code, err: { message: error.message, code: (error as { code?: string }).code } }, 'request failed');
    } else {
      status = ERRORS.INTERNAL;
      body = errorBody(locale, 'INTERNAL');
      request.log.error({ err: error }, 'unhandled error');
    }
    reply.status(status);
    if (renderHtml && (error instanceof PageRefusal || wantsHtml(request))) return renderHtml(request, reply, status, body.error.message);
    return reply.send(body);
  });

  app.setNotFoundHandler(async (request, reply) => {
    reply.status(404);
    const body = errorBody(request.locale, 'ROUTE_NOT_FOUND');
    if (renderHtml && wantsHtml(request)) return renderHtml(request, reply, 404, body.error.message);
    return reply.send(body);
  });
}

function wantsHtml(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

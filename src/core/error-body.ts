/**
 * The error envelope in the caller's language: an error code (and its fields' problems) → `{error:{code,message,fields?}}`.
 * The HTTP error handler answers with it; a form page reads its messages to show every error beside its field.
 */
import { messageKeyFor, type ErrorCode, type FieldErrors } from './errors';
import { t, type Locale } from '../i18n';

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export function errorBody(locale: Locale, code: ErrorCode, params?: Record<string, string | number>, fields?: FieldErrors): ErrorBody {
  const body: ErrorBody = { error: { code, message: t(locale, messageKeyFor(code), params) } };
  if (fields && Object.keys(fields).length) {
    body.error.fields = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(locale, v.key, v.params)]));
  }
  return body;
}

/**
 * Small pieces shared by the staff area's form pages (no-JS forms that re-render with errors).
 */
import { AppError } from '../core/errors';
import { errorBody } from '../http/error-handler';
import type { Locale } from '../i18n';

/** Field → message for a form, from a refusal of a command; `_` holds a message for the whole form. */
export function formErrorsFrom(locale: Locale, err: unknown): Record<string, string> {
  if (!(err instanceof AppError)) throw err;
  const body = errorBody(locale, err.code, err.params, err.fields);
  return body.error.fields ?? { _: body.error.message };
}

/** Runs a command for a form page: its refusal (an AppError) becomes form errors; anything else is rethrown. */
export async function attempt<T>(locale: Locale, run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: Record<string, string>; status: number }> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    const errors = formErrorsFrom(locale, err);
    return { ok: false, errors, status: (err as AppError).statusCode };
  }
}

/** A string field of a urlencoded form body ('' when absent). */
export function formField(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const v = (body as Record<string, unknown>)[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
}

/** A checkbox of a urlencoded form body. */
export const formCheckbox = (body: unknown, name: string): boolean => formField(body, name) !== '';

/** Only same-site relative paths are followed after login (no `//host`, no `/\host`, no scheme). */
export function safeNextPath(next: string | undefined | null, fallback = '/staff'): string {
  if (!next || !/^\/(?![/\\])[\x21-\x7e]*$/.test(next)) return fallback;
  return next;
}

/**
 * How every form page ends a POST (portal and staff area, no JavaScript needed): run the command;
 * success → 303 to the page that shows the result (Post/Redirect/Get, so a reload repeats nothing);
 * a refusal (an AppError) → the same form again with every field's error and what was typed.
 */
import type { FastifyReply } from 'fastify';
import { AppError } from '../core/errors';
import { errorBody } from '../core/error-body';
import type { Locale } from '../i18n';

/** Field → message for a form, from a refusal of a command; `_` holds a message for the whole form. */
export function formErrorsFrom(locale: Locale, err: AppError): Record<string, string> {
  const body = errorBody(locale, err.code, err.params, err.fields);
  return body.error.fields ?? { _: body.error.message };
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: AppError; errors: Record<string, string>; status: number };

/** Runs a command for a form page: its refusal (an AppError) becomes form errors; anything else is rethrown. */
export async function attempt<T>(locale: Locale, run: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { ok: false, error: err, errors: formErrorsFrom(locale, err), status: err.statusCode };
  }
}

/**
 * The end of a form post: redirect on success, re-render the form with every error on a refusal.
 * A 404 (the thing edited does not exist) is the 404 page, not a form.
 */
export async function submitForm<T>(
  reply: FastifyReply,
  locale: Locale,
  run: () => Promise<T>,
  outcome: { redirectTo: (value: T) => string; rerender: (errors: Record<string, string>, status: number) => Promise<FastifyReply> | FastifyReply },
): Promise<FastifyReply> {
  const result = await attempt(locale, run);
  if (result.ok) return reply.redirect(outcome.redirectTo(result.value), 303);
  if (result.status === 404) throw result.error;
  return outcome.rerender(result.errors, result.status);
}

/** A string field of a urlencoded form body ('' when absent). */
export function formField(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const v = (body as Record<string, unknown>)[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
}

/** A whole number typed in a form field; NaN when it is not one (the command names the field). */
export function formInteger(body: unknown, name: string): number {
  const raw = formField(body, name).trim();
  return /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
}

/** A checkbox of a urlencoded form body. */
export const formCheckbox = (body: unknown, name: string): boolean => formField(body, name) !== '';

/** Only same-site relative paths are followed after login (no `//host`, no `/\host`, no scheme). */
export function safeNextPath(next: string | undefined | null, fallback = '/staff'): string {
  if (!next || !/^\/(?![/\\])[\x21-\x7e]*$/.test(next)) return fallback;
  return next;
}

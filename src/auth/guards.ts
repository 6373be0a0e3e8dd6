/**
 * Route guards for staff routes. Use them as route hooks:
 *
 * ```ts
 * app.post('/queue/next', { preHandler: requireStaff, schema }, handler);        // any signed-in staff
 * app.get('/admin/users', { preHandler: requireAdmin, schema }, handler);        // admins only
 * ```
 *
 * (`preValidation` works too; guards given as `preHandler` route options are moved to
 * `preValidation` by the auth plugin, so an anonymous caller gets 401 before any 422 about the body.)
 *
 * - API URLs (`/api/…`): anonymous → 401 UNAUTHENTICATED, wrong role → 403 FORBIDDEN (JSON).
 * - Pages: anonymous → 303 to `/login?next=<path>`, wrong role → a 403 HTML page (a `PageRefusal`,
 *   which the web adapter's error handler renders as a page whatever the `Accept` header says).
 * - CSRF: a cookie-authenticated POST/PUT/PATCH/DELETE must carry the session's token in the
 *   `X-CSRF-Token` header or the `_csrf` form field (403 CSRF_INVALID otherwise). The `_csrf`
 *   field is removed from the body once checked, so body schemas need not declare it.
 *   Bearer-token requests need no CSRF token.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../core/errors';
import type { UserRole } from '../db/schema';
import { sameSecret } from './secrets';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isApiRequest = (request: FastifyRequest): boolean => request.url.startsWith('/api/');

/** Where an anonymous browser is sent: the login page, coming back here afterwards (GET only). */
export function loginRedirectFor(request: FastifyRequest): string {
  if (request.method !== 'GET') return '/login';
  return `/login?next=${encodeURIComponent(request.url)}`;
}

/** True when the request carries the session's CSRF token (or needs none). */
export function hasValidCsrf(request: FastifyRequest): boolean {
  if (request.actor?.via !== 'session' || SAFE_METHODS.has(request.method)) return true;
  const header = request.headers['x-csrf-token'];
  const body = request.body as Record<string, unknown> | null | undefined;
  const field = body && typeof body === 'object' ? body._csrf : undefined;
  const given = typeof header === 'string' && header ? header : typeof field === 'string' ? field : '';
  if (body && typeof body === 'object' && '_csrf' in body) delete body._csrf;
  return given !== '' && request.csrfToken !== null && sameSecret(given, request.csrfToken);
}

/** A guard's refusal of a page request: answered with an error page, never JSON. */
export class PageRefusal extends AppError {}

async function refuse(request: FastifyRequest, reply: FastifyReply, code: ErrorCode): Promise<FastifyReply> {
  if (isApiRequest(request)) {
    throw new AppError(code, undefined, undefined, code === 'UNAUTHENTICATED' ? { 'WWW-Authenticate': 'Bearer' } : undefined);
  }
  if (code === 'UNAUTHENTICATED') return reply.redirect(loginRedirectFor(request), 303);
  throw new PageRefusal(code);
}

async function guard(request: FastifyRequest, reply: FastifyReply, role: UserRole | null): Promise<FastifyReply | undefined> {
  if (!request.actor) return refuse(request, reply, 'UNAUTHENTICATED');
  if (!hasValidCsrf(request)) return refuse(request, reply, 'CSRF_INVALID');
  if (request.totpEnrolmentPending && !TOTP_ENROLMENT_ROUTES.has(request.routeOptions.url ?? '')) {
    // Signed in, but the second factor this role needs is not set up yet: only enrolment is open.
    if (!isApiRequest(request)) return reply.redirect(`${TOTP_ENROLMENT_PAGE}#totp-title`, 303);
    throw new AppError('TOTP_ENROLMENT_REQUIRED');
  }
  if (role && request.actor.role !== role) return refuse(request, reply, 'FORBIDDEN');
  return undefined;
}

export const TOTP_ENROLMENT_PAGE = '/staff/profile';
/** What a user who must still enrol a second factor may reach (`TOTP_REQUIRED_FOR`). */
const TOTP_ENROLMENT_ROUTES = new Set([
  '/api/v1/me/totp',
  '/api/v1/me/totp/confirm',
  '/api/v1/auth/me',
  '/api/v1/auth/logout',
  TOTP_ENROLMENT_PAGE,
  '/staff/profile/totp',
  '/staff/profile/totp/confirm',
  '/staff/profile/totp/recovery-codes',
  '/logout',
]);

/** Any signed-in, active staff user (admin or technician). */
export async function requireStaff(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  return guard(request, reply, null);
}

/** Admins only. */
export async function requireAdmin(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  return guard(request, reply, 'admin');
}

/** The signed-in actor of a guarded route (throws 401 if a route forgot its guard). */
export function actorOf(request: FastifyRequest) {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

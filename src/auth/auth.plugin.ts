/**
 * Sets `request.actor` (and `request.csrfToken`) on every request from the session cookie or an
 * `Authorization: Bearer` token. Called once on the root instance, before the route modules, so
 * every route sees it. See `guards.ts` for how routes require a signed-in user.
 */
import type { FastifyInstance, RouteOptions, preHandlerHookHandler } from 'fastify';
import type { Actor } from './actor';
import { authenticate, bearerFrom } from './authenticate';
import { requireAdmin, requireStaff } from './guards';
import { SESSION_COOKIE, setSessionCookie } from './session-cookie';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff user, or null (anonymous, expired session, revoked token, inactive user). */
    actor: Actor | null;
    /** The session's CSRF token, for forms (`<input name="_csrf">`) and `X-CSRF-Token`; null without a session. */
    csrfToken: string | null;
    /** The session id (SHA-256 of the cookie) when signed in by cookie. */
    sessionId: string | null;
    /** `TOTP_REQUIRED_FOR` covers this signed-in user, who has no second factor yet: only enrolment is open. */
    totpEnrolmentPending: boolean;
  }
}

const GUARDS = new Set<unknown>([requireStaff, requireAdmin]);

/** Guards given as `preHandler` run in `preValidation` instead: 401/403 come before body validation. */
function hoistGuards(route: RouteOptions): void {
  const pre = route.preHandler;
  if (!pre) return;
  const list = (Array.isArray(pre) ? pre : [pre]) as preHandlerHookHandler[];
  const guards = list.filter((h) => GUARDS.has(h));
  if (!guards.length) return;
  const rest = list.filter((h) => !GUARDS.has(h));
  route.preHandler = rest.length ? rest : undefined;
  const existing = route.preValidation ? (Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation]) : [];
  route.preValidation = [...(guards as never[]), ...existing] as never;
}

/** Whether `TOTP_REQUIRED_FOR` asks a user of this role for a second factor. */
export const totpRequiredFor = (setting: 'none' | 'admins' | 'all', role: 'admin' | 'technician'): boolean => setting === 'all' || (setting === 'admins' && role === 'admin');

export const isSecureSite = (publicBaseUrl: string): boolean => publicBaseUrl.startsWith('https://');

export async function registerAuth(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const secure = isSecureSite(ctx.config.publicBaseUrl);
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('totpEnrolmentPending', false);
  const required = ctx.config.totpRequiredFor;
  app.addHook('onRoute', hoistGuards);
  // Callback style: most requests (the public portal and API) carry no credentials and finish
  // here synchronously, without a promise and a microtask turn.
  app.addHook('onRequest', (request, reply, done) => {
    // Static assets never need to know who asks.
    if (request.url.startsWith('/assets/')) return done();
    const sessionCookie = request.cookies?.[SESSION_COOKIE];
    const bearer = bearerFrom(request.headers.authorization);
    if (!sessionCookie && !bearer) return done();
    authenticate({ db: ctx.database.db, clock: ctx.clock }, { bearer, sessionCookie }).then((auth) => {
      if (auth) {
        request.actor = auth.actor;
        request.csrfToken = auth.csrfToken;
        request.sessionId = auth.sessionId;
        request.totpEnrolmentPending = auth.actor.via === 'session' && !auth.actor.totpEnabled && totpRequiredFor(required, auth.actor.role);
        if (auth.renewed && sessionCookie) setSessionCookie(reply, sessionCookie, secure);
      }
      done();
    }, done);
  });
}

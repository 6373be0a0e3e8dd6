/**
 * Login CSRF (issue 13, finding 6): a page on another site could post a sign-in form to ITIMS and
 * leave the victim's browser signed in to the attacker's account. Requests that set a session
 * cookie therefore must come from ITIMS's own pages: `Sec-Fetch-Site` (sent by every current
 * browser) must be `same-origin` or `none` (typed by the person), and an `Origin` header, when
 * present, must be this site (PUBLIC_BASE_URL, or the Host the request was sent to). Clients that
 * send neither header (curl, scripts, old browsers) are not browsers under attack and pass.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors';

export function sameOriginGuard(publicBaseUrl: string) {
  const publicOrigin = new URL(publicBaseUrl).origin;
  return async function requireSameOrigin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const site = request.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') throw new AppError('ORIGIN_REJECTED');
    const origin = request.headers.origin;
    if (origin === undefined) return;
    if (origin === publicOrigin) return;
    const host = request.headers.host;
    if (host && (origin === `http://${host}` || origin === `https://${host}`)) return;
    throw new AppError('ORIGIN_REJECTED');
  };
}

/** Refuses any body that is not JSON with 415, before it is read (a form post cannot carry JSON). */
export async function requireJsonBody(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError('UNSUPPORTED_MEDIA_TYPE');
}

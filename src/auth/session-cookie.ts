/** The session cookie: httpOnly, SameSite=Lax, Path=/, Secure when the site is served over HTTPS. */
import type { FastifyReply } from 'fastify';

export const SESSION_COOKIE = 'itims_session';
/** Sliding expiry: a session ends after 12 hours without a request. */
export const SESSION_TTL_MS = 12 * 3600_000;

export function setSessionCookie(reply: FastifyReply, value: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_TTL_MS / 1000 });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

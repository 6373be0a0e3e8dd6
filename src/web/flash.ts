/**
 * Post/Redirect/Get for answers that can be shown only once (a new API token, a Telegram link):
 * the POST puts the value in a short-lived, HttpOnly cookie scoped to the page that shows it and
 * redirects; that page's GET takes the value and clears the cookie, so a reload neither repeats
 * the POST nor shows the value again. Nothing is stored on the server in clear.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const PREFIX = 'itims_once_';
const MAX_AGE_SECONDS = 120;

export function putOnce(request: FastifyRequest, reply: FastifyReply, name: string, path: string, value: Record<string, string>): void {
  reply.setCookie(`${PREFIX}${name}`, Buffer.from(JSON.stringify(value)).toString('base64url'), {
    path,
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: MAX_AGE_SECONDS,
  });
}

/** The value put by `putOnce`, or null; the cookie is cleared either way. */
export function takeOnce(request: FastifyRequest, reply: FastifyReply, name: string, path: string): Record<string, string> | null {
  const raw = request.cookies?.[`${PREFIX}${name}`];
  if (raw === undefined) return null;
  reply.clearCookie(`${PREFIX}${name}`, { path });
  if (raw.length > 4096) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const entries = Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
    return Object.fromEntries(entries);
  } catch {
    return null;
  }
}

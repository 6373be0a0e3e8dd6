/**
 * Who is calling: a bearer token (API clients) or the session cookie (browsers). A token wins
 * when both are present. Unknown, expired or revoked credentials, and deactivated users, give
 * no actor at all; the guards then answer 401 or send the browser to the login page.
 */
import type { Executor } from '../db/database';
import type { Clock } from '../core/context';
import type { Actor } from './actor';
import { findLiveToken, touchApiToken } from './api-tokens.repository';
import { sha256Hex } from './secrets';
import { SESSION_TTL_MS } from './session-cookie';
import { findLiveSession, touchSession } from './sessions.repository';

/** Last-seen times are written at most once a minute per session or token, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface Authentication {
  actor: Actor;
  /** Session id (SHA-256 of the cookie) when authenticated by cookie. */
  sessionId: string | null;
  /** The session's CSRF token; null for bearer tokens (they need none). */
  csrfToken: string | null;
  /** The session's expiry moved: the cookie should be sent again. */
  renewed: boolean;
}

export function bearerFrom(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

export async function authenticate(deps: { db: Executor; clock: Clock }, credentials: { bearer: string | null; sessionCookie: string | null | undefined }): Promise<Authentication | null> {
  const now = deps.clock();
  if (credentials.bearer) {
    const token = await findLiveToken(deps.db, sha256Hex(credentials.bearer));
    if (!token) return null;
    if (token.lastUsedAt === null || now - token.lastUsedAt >= TOUCH_EVERY_MS) await touchApiToken(deps.db, token.id, now);
    return { actor: { userId: token.user.id, username: token.user.username, fullName: token.user.fullName, role: token.user.role, via: 'token' }, sessionId: null, csrfToken: null, renewed: false };
  }
  if (!credentials.sessionCookie) return null;
  const session = await findLiveSession(deps.db, sha256Hex(credentials.sessionCookie), now);
  if (!session) return null;
  let renewed = false;
  if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
    await touchSession(deps.db, session.id, now, now + SESSION_TTL_MS);
    renewed = true;
  }
  const { user } = session;
  return {
    actor: { userId: user.id, username: user.username, fullName: user.fullName, role: user.role, via: 'session', totpEnabled: user.totpEnabled },
    sessionId: session.id,
    csrfToken: session.csrfToken,
    renewed,
  };
}

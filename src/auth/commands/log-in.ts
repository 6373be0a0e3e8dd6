import { AppError } from '../../core/errors';
import type { DialectName, Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import type { UserRole } from '../../db/schema';
import { hashPassword, verifyPassword } from '../passwords';
import { findUserWithHashByUsername } from '../users.repository';
import { guardedPasswordCheck } from '../password-guard';
import { deleteExpiredSessions, deleteSession, insertSession } from '../sessions.repository';
import { newHexSecret, newSecret, sha256Hex } from '../secrets';
import { SESSION_TTL_MS } from '../session-cookie';
import { normalizeUsername } from '../usernames';

export interface LogInDeps {
  db: Executor;
  dialect: DialectName;
  clock: Clock;
}

export interface LogInInput {
  username: string;
  password: string;
  /** Client address: failures are counted per username and address. */
  ip: string;
  /** The session cookie the browser already had, if any: it is ended (session rotation). */
  previousSessionCookie?: string | null;
}

export interface LoggedIn {
  /** The new cookie value (shown to the browser only; the database keeps its SHA-256). */
  sessionCookie: string;
  csrfToken: string;
  user: { id: number; username: string; fullName: string; role: UserRole };
}

// Unknown usernames still cost one scrypt, so timing does not tell which usernames exist.
let dummyHash: Promise<string> | null = null;

/**
 * Signs a user in: refuses for 15 minutes after 5 failures of that username from that address
 * (429 LOGIN_LOCKED), otherwise checks the password (401 INVALID_CREDENTIALS) and opens a new
 * session with its own CSRF token, ending the session the browser came with.
 */
export async function logIn(deps: LogInDeps, input: LogInInput): Promise<LoggedIn> {
  const { db } = deps;
  const now = deps.clock();
  const username = normalizeUsername(input.username);
  const user = await findUserWithHashByUsername(db, username);
  // The lock check, the password check and recording the outcome are one guarded step (see password-guard.ts).
  const ok = await guardedPasswordCheck(deps, { username, ip: input.ip }, async () => {
    if (user && user.active) return verifyPassword(input.password, user.passwordHash);
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(input.password, await dummyHash);
    return false;
  });
  if (!ok || !user) throw new AppError('INVALID_CREDENTIALS');

  if (input.previousSessionCookie) await deleteSession(db, sha256Hex(input.previousSessionCookie));
  await deleteExpiredSessions(db, now);
  const sessionCookie = newSecret();
  const csrfToken = newHexSecret();
  await insertSession(db, { id: sha256Hex(sessionCookie), userId: user.id, csrfToken, now, expiresAt: now + SESSION_TTL_MS });
  return { sessionCookie, csrfToken, user: { id: user.id, username: user.username, fullName: user.fullName, role: user.role } };
}

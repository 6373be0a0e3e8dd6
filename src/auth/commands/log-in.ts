import { AppError } from '../../core/errors';
import type { DialectName, Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import type { UserRole } from '../../db/schema';
import type { Config, LdapConfig } from '../../config/config';
import { hashPassword, verifyPassword } from '../passwords';
import { findUserWithHashByUsername, type UserWithHash } from '../users.repository';
import { guardedPasswordCheck } from '../password-guard';
import { deleteExpiredSessions, deleteSession, insertSession } from '../sessions.repository';
import { newHexSecret, newSecret, sha256Hex } from '../secrets';
import { SESSION_TTL_MS } from '../session-cookie';
import { normalizeUsername } from '../usernames';
import { accountForDirectoryAnswer, directoryFor, isDirectoryDown } from '../directory/directory-sign-in';
import type { DirectoryAnswer } from '../directory/ldap-directory';
import { checkSecondFactor } from '../totp/second-factor';

export interface LogInDeps {
  db: Executor;
  dialect: DialectName;
  clock: Clock;
  /** LDAP / Active Directory sign-in; null or absent = local accounts only. */
  ldap?: LdapConfig | null;
  /** The installation's key, which opens the stored TOTP secrets. */
  secretKey: Config['secretKey'];
}

export interface LogInInput {
  username: string;
  password: string;
  /** The second factor: a 6-digit TOTP code or a recovery code. */
  totp?: string;
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
 * (429 LOGIN_LOCKED), otherwise checks the password (401 INVALID_CREDENTIALS) — a local account's
 * own, or, with LDAP configured, the directory's for every other username (503
 * DIRECTORY_UNAVAILABLE while it is down; local accounts, the `admin` among them, still sign in) —
 * then the second factor of an enrolled account (401 TOTP_REQUIRED / TOTP_INVALID), and opens a
 * new session with its own CSRF token, ending the session the browser came with.
 */
export async function logIn(deps: LogInDeps, input: LogInInput): Promise<LoggedIn> {
  const { db } = deps;
  const username = normalizeUsername(input.username);
  const found = await findUserWithHashByUsername(db, username);
  const directory = directoryFor(deps.ldap ?? null);
  const viaDirectory = directory !== null && (!found || found.authSource === 'ldap');
  let answer: DirectoryAnswer | null = null;
  // The lock check, the password check and recording the outcome are one guarded step (see password-guard.ts).
  const ok = await guardedPasswordCheck(
    deps,
    { username, ip: input.ip },
    async () => {
      if (viaDirectory) {
        try {
          answer = await directory.authenticate(username, input.password);
        } catch (err) {
          if (isDirectoryDown(err)) throw new AppError('DIRECTORY_UNAVAILABLE');
          throw err;
        }
        return answer.kind === 'ok';
      }
      if (found && found.active && found.authSource === 'local') return verifyPassword(input.password, found.passwordHash);
      dummyHash ??= hashPassword('not-a-real-password');
      await verifyPassword(input.password, await dummyHash);
      return false;
    },
    (err) => err instanceof AppError && err.code === 'DIRECTORY_UNAVAILABLE',
  );
  let user: UserWithHash | null = ok ? found : null;
  if (viaDirectory && answer) user = await accountForDirectoryAnswer({ db, dialect: deps.dialect, clock: deps.clock }, username, answer, found);
  if (!ok || !user || !user.active) throw new AppError('INVALID_CREDENTIALS');

  await checkSecondFactor(deps, user, input.totp, input.ip);

  const now = deps.clock();
  if (input.previousSessionCookie) await deleteSession(db, sha256Hex(input.previousSessionCookie));
  await deleteExpiredSessions(db, now);
  const sessionCookie = newSecret();
  const csrfToken = newHexSecret();
  await insertSession(db, { id: sha256Hex(sessionCookie), userId: user.id, csrfToken, now, expiresAt: now + SESSION_TTL_MS });
  return { sessionCookie, csrfToken, user: { id: user.id, username: user.username, fullName: user.fullName, role: user.role } };
}

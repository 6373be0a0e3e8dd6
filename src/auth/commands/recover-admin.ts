/**
 * Recovering a lost admin password (issue 13, finding 14), for `npm run admin:reset-password`: the
 * `admin` account gets a new password (given, or a strong random one), exactly like an admin
 * reset — every session ends and every API token is revoked — and, since whoever runs this is
 * locked out, the account is active again and its sign-in lock-out is forgotten. Without an
 * `admin` account (a database nobody started yet) it is created.
 */
import { AppError } from '../../core/errors';
import type { Database } from '../../db/database';
import type { Clock } from '../../core/context';
import { hashPassword, randomPassword, verifyPassword } from '../passwords';
import { findUserWithHashByUsername, insertUser, setPasswordHash, updateUserRow } from '../users.repository';
import { deleteSessionsOfUser } from '../sessions.repository';
import { revokeTokensOfUser } from '../api-tokens.repository';
import { clearLoginFailuresOfUsername } from '../login-attempts.repository';
import { MIN_PASSWORD_LENGTH } from '../usernames';

export const ADMIN_USERNAME = 'admin';
/** ~117 bits from a 57-symbol alphabet: a generated recovery password is not guessable. */
export const RECOVERY_PASSWORD_LENGTH = 20;

export interface AdminRecovery {
  /** The new password; `generated` says whether it must be shown (it was not typed by anyone). */
  password: string;
  generated: boolean;
  created: boolean;
  reactivated: boolean;
  sessionsEnded: number;
  tokensRevoked: number;
}

export async function recoverAdmin(deps: { database: Database; clock: Clock }, givenPassword: string | null): Promise<AdminRecovery> {
  if (givenPassword !== null && givenPassword.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION_FAILED', undefined, { password: { key: 'field.minLength', params: { limit: MIN_PASSWORD_LENGTH } } });
  }
  const password = givenPassword ?? randomPassword(RECOVERY_PASSWORD_LENGTH);
  const passwordHash = await hashPassword(password);
  const now = deps.clock();
  return deps.database.db.transaction().execute(async (trx) => {
    const admin = await findUserWithHashByUsername(trx, ADMIN_USERNAME);
    if (!admin) {
      await insertUser(trx, { username: ADMIN_USERNAME, passwordHash, fullName: 'Administrador', role: 'admin', onDuty: false, now });
      return { password, generated: givenPassword === null, created: true, reactivated: false, sessionsEnded: 0, tokensRevoked: 0 };
    }
    await setPasswordHash(trx, admin.id, passwordHash, now);
    if (!admin.active || admin.role !== 'admin') await updateUserRow(trx, admin.id, { active: true, role: 'admin' }, now);
    const tokensRevoked = await revokeTokensOfUser(trx, admin.id, now);
    const sessionsEnded = await deleteSessionsOfUser(trx, admin.id);
    await clearLoginFailuresOfUsername(trx, ADMIN_USERNAME);
    return { password, generated: givenPassword === null, created: false, reactivated: !admin.active, sessionsEnded, tokensRevoked };
  });
}

/**
 * What a start with ITIMS_ADMIN_PASSWORD set does once `admin` exists: nothing, on purpose — the
 * setting only seeds the first admin, so a value left in the settings file never undoes a password
 * changed on the profile page, nor ends the admin's sessions at every restart. This says whether
 * the setting still matches (quiet) or not (the start banner says why it was not applied and how to
 * apply it: `npm run admin:reset-password`, which reads ITIMS_ADMIN_PASSWORD).
 */
export async function configuredAdminPasswordState(deps: { database: Database }, configured: string): Promise<'matches' | 'differs' | 'no_admin'> {
  const admin = await findUserWithHashByUsername(deps.database.db, ADMIN_USERNAME);
  if (!admin) return 'no_admin';
  return (await verifyPassword(configured, admin.passwordHash)) ? 'matches' : 'differs';
}

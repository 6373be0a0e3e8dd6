import { AppError } from '../../core/errors';
import { FieldProblems } from '../../core/field-problems';
import type { DialectName, Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import type { Actor } from '../actor';
import { hashPassword, verifyPassword } from '../passwords';
import { findUserWithHashById, setPasswordHash } from '../users.repository';
import { deleteSessionsOfUser } from '../sessions.repository';
import { revokeTokensOfUser } from '../api-tokens.repository';
import { guardedPasswordCheck } from '../password-guard';
import { MIN_PASSWORD_LENGTH } from '../usernames';

/**
 * The actor changes their own password, proving the current one. The proof is throttled like a
 * sign-in (5 wrong current passwords from one address lock that username there for 15 minutes,
 * 429 LOGIN_LOCKED), so a borrowed session cannot guess it. Every other session of the user ends
 * (a stolen cookie stops working); the session making the change stays signed in. Their API
 * tokens are revoked when they ask for it (`revokeTokens`).
 */
export async function changePassword(
  deps: { db: Executor; dialect: DialectName; clock: Clock; actor: Actor; currentSessionId: string | null; ip: string },
  /** `confirmPassword`, when given (the profile form), must repeat `newPassword`; every problem is named at once. */
  input: { currentPassword: string; newPassword: string; confirmPassword?: string; revokeTokens?: boolean },
): Promise<{ revokedTokens: number }> {
  const user = await findUserWithHashById(deps.db, deps.actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (user.authSource === 'ldap') throw new AppError('DIRECTORY_ACCOUNT');
  const proven = await guardedPasswordCheck(deps, { username: user.username, ip: deps.ip }, () => verifyPassword(input.currentPassword, user.passwordHash));
  const problems = new FieldProblems();
  if (!proven) problems.add('currentPassword', 'field.currentPassword');
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) problems.add('newPassword', 'field.minLength', { limit: MIN_PASSWORD_LENGTH });
  if (input.confirmPassword !== undefined && input.confirmPassword !== input.newPassword) problems.add('confirmPassword', 'field.passwordConfirm');
  problems.throwIfAny();
  const now = deps.clock();
  await setPasswordHash(deps.db, user.id, await hashPassword(input.newPassword), now);
  await deleteSessionsOfUser(deps.db, user.id, deps.currentSessionId);
  const revokedTokens = input.revokeTokens ? await revokeTokensOfUser(deps.db, user.id, now) : 0;
  return { revokedTokens };
}

import { AppError } from '../../core/errors';
import type { Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import type { Actor } from '../actor';
import { hashPassword, verifyPassword } from '../passwords';
import { findUserWithHashById, setPasswordHash } from '../users.repository';
import { deleteSessionsOfUser } from '../sessions.repository';
import { MIN_PASSWORD_LENGTH } from '../usernames';

/**
 * The actor changes their own password, proving the current one. Every other session of the
 * user ends (a stolen cookie stops working); the session making the change stays signed in.
 */
export async function changePassword(
  deps: { db: Executor; clock: Clock; actor: Actor; currentSessionId: string | null },
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await findUserWithHashById(deps.db, deps.actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError('VALIDATION_FAILED', undefined, { currentPassword: { key: 'field.currentPassword' } });
  }
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION_FAILED', undefined, { newPassword: { key: 'field.minLength', params: { limit: MIN_PASSWORD_LENGTH } } });
  }
  const now = deps.clock();
  await setPasswordHash(deps.db, user.id, await hashPassword(input.newPassword), now);
  await deleteSessionsOfUser(deps.db, user.id, deps.currentSessionId);
}

import { AppError } from '../../core/errors';
import type { Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import type { Actor } from '../actor';
import { hashPassword } from '../passwords';
import { findUserById, setPasswordHash } from '../users.repository';
import { deleteSessionsOfUser } from '../sessions.repository';
import { revokeTokensOfUser } from '../api-tokens.repository';
import { MIN_PASSWORD_LENGTH } from '../usernames';

/**
 * An admin sets a new password for a user who forgot theirs (or whose account may be in other
 * hands). Every session of that user ends (the admin's own current session stays when they reset
 * themselves) and every API token of theirs is revoked: a reset must shut out whoever had access.
 */
export async function resetPassword(deps: { db: Executor; clock: Clock; actor: Actor; currentSessionId: string | null }, userId: number, password: string): Promise<void> {
  const target = await findUserById(deps.db, userId);
  if (!target) throw new AppError('NOT_FOUND');
  if (target.authSource === 'ldap') throw new AppError('DIRECTORY_ACCOUNT');
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION_FAILED', undefined, { password: { key: 'field.minLength', params: { limit: MIN_PASSWORD_LENGTH } } });
  }
  const now = deps.clock();
  await setPasswordHash(deps.db, userId, await hashPassword(password), now);
  await revokeTokensOfUser(deps.db, userId, now);
  await deleteSessionsOfUser(deps.db, userId, userId === deps.actor.userId ? deps.currentSessionId : null);
}

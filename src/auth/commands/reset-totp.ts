import { AppError } from '../../core/errors';
import type { Clock } from '../../core/context';
import type { Executor } from '../../db/database';
import type { Actor } from '../actor';
import { recordAccountEvent } from '../account-events.repository';
import { findUserById } from '../users.repository';
import { clearTotp } from '../totp/totp.repository';

/**
 * An admin switches a user's second factor off (lost phone, no recovery codes left): the secret
 * and the recovery codes go, and the reset is recorded with who did it. The user enrols again
 * from the profile page (and must, if `TOTP_REQUIRED_FOR` covers them).
 */
export async function resetTotp(deps: { db: Executor; clock: Clock; actor: Actor }, userId: number): Promise<void> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError('NOT_FOUND');
  const now = deps.clock();
  await clearTotp(deps.db, userId, now);
  await recordAccountEvent(deps.db, { at: now, userId, actorUserId: deps.actor.userId, type: 'totp.reset', detail: user.totpEnabled ? null : 'no tenía segundo factor' });
}

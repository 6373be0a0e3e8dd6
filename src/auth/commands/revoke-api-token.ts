import { AppError } from '../../core/errors';
import type { Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import type { Actor } from '../actor';
import { revokeApiToken as revoke } from '../api-tokens.repository';

/** Revokes one of the actor's own tokens; 404 for someone else's, unknown or already revoked. */
export async function revokeApiToken(deps: { db: Executor; clock: Clock; actor: Actor }, tokenId: number): Promise<void> {
  const done = await revoke(deps.db, deps.actor.userId, tokenId, deps.clock());
  if (!done) throw new AppError('NOT_FOUND');
}

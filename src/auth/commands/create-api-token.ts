import type { DialectName, Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import type { Actor } from '../actor';
import { insertApiToken } from '../api-tokens.repository';
import { newSecret, sha256Hex } from '../secrets';

/** Token prefix: makes a leaked token recognisable (e.g. by secret scanners). */
export const API_TOKEN_PREFIX = 'itims_';

/** Creates a personal API token for the actor; the returned token is shown once and never stored. */
export async function createApiToken(deps: { db: Executor; dialect: DialectName; clock: Clock; actor: Actor }, input: { name: string }): Promise<{ id: number; name: string; token: string }> {
  const token = `${API_TOKEN_PREFIX}${newSecret()}`;
  const name = input.name.trim();
  const id = await insertApiToken(deps.db, deps.dialect, { userId: deps.actor.userId, name, tokenHash: sha256Hex(token), now: deps.clock() });
  return { id, name, token };
}

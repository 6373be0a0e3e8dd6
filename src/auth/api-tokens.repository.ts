/** Personal API tokens: only the SHA-256 of the token is stored; revoked tokens stay for the record. */
import type { DialectName, Executor } from '../db/database';
import { insertReturningId } from '../db/dialect';
import { prepared } from '../db/prepared';
import type { UserRole } from '../db/schema';

export interface ApiTokenSummary {
  id: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface TokenWithUser {
  id: number;
  lastUsedAt: number | null;
  user: { id: number; username: string; fullName: string; role: UserRole };
}

export async function insertApiToken(db: Executor, dialect: DialectName, t: { userId: number; name: string; tokenHash: string; now: number }): Promise<number> {
  return insertReturningId(db, dialect, 'api_tokens', {
    user_id: t.userId,
    name: t.name,
    token_hash: t.tokenHash,
    created_at: t.now,
    last_used_at: null,
    revoked_at: null,
  });
}

/** A token that is not revoked and belongs to an active user, or null. */
const liveTokenQuery = prepared((db, tokenHash: string) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.last_used_at', 'users.id as userId', 'users.username', 'users.full_name', 'users.role'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.active', '=', 1),
);

export async function findLiveToken(db: Executor, tokenHash: string): Promise<TokenWithUser | null> {
  const r = await liveTokenQuery.first(db, tokenHash);
  if (!r) return null;
  return {
    id: r.id,
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    user: { id: r.userId, username: r.username, fullName: r.full_name, role: r.role },
  };
}

export async function touchApiToken(db: Executor, id: number, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** The user's tokens, newest first (no secrets: only the hash is stored anyway). */
export async function listApiTokens(db: Executor, userId: number): Promise<ApiTokenSummary[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  }));
}

/** Revokes one of the user's tokens; false when it does not exist, is someone else's, or was already revoked. */
export async function revokeApiToken(db: Executor, userId: number, tokenId: number, now: number): Promise<boolean> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', tokenId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Revokes every live token of a user (password reset, deactivation); returns how many. */
export async function revokeTokensOfUser(db: Executor, userId: number, now: number): Promise<number> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Web sessions: the row id is the SHA-256 of the cookie value; the cookie value itself is never stored. */
import type { Executor } from '../db/database';
import { prepared } from '../db/prepared';
import type { UserRole } from '../db/schema';
import { purgeBatch } from '../db/purge-batch';

export interface SessionWithUser {
  id: string;
  csrfToken: string;
  expiresAt: number;
  lastSeenAt: number;
  user: { id: number; username: string; fullName: string; role: UserRole; totpEnabled: boolean };
}

export async function insertSession(db: Executor, s: { id: string; userId: number; csrfToken: string; now: number; expiresAt: number }): Promise<void> {
  await db.insertInto('sessions').values({ id: s.id, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.now, expires_at: s.expiresAt, last_seen_at: s.now }).execute();
}

/** A live session of an active user, or null (unknown, expired, or the user was deactivated). */
const liveSessionQuery = prepared((db, id: string, now: number) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at', 'users.id as userId', 'users.username', 'users.full_name', 'users.role', 'users.totp_enabled_at'])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', 1),
);

export async function findLiveSession(db: Executor, id: string, now: number): Promise<SessionWithUser | null> {
  const r = await liveSessionQuery.first(db, id, now);
  if (!r) return null;
  return {
    id: r.id,
    csrfToken: r.csrf_token,
    expiresAt: Number(r.expires_at),
    lastSeenAt: Number(r.last_seen_at),
    user: { id: r.userId, username: r.username, fullName: r.full_name, role: r.role, totpEnabled: r.totp_enabled_at !== null },
  };
}

export async function touchSession(db: Executor, id: string, now: number, expiresAt: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a user, except `keepId` (the one making the change). */
export async function deleteSessionsOfUser(db: Executor, userId: number, keepId: string | null = null): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepId) q = q.where('id', '<>', keepId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteExpiredSessions(db: Executor, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

/**
 * Deletes up to `limit` sessions that expired by `now`; returns how many. A session extended
 * between the read and the delete is kept. (No index on `expires_at`: a scan of a small table.)
 */
export async function purgeExpiredSessions(db: Executor, now: number, limit: number): Promise<number> {
  return purgeBatch(db, { table: 'sessions', key: 'id', where: [['expires_at', '<=', now]], limit });
}

/** Failed sign-ins per username and client address, for the lock-out after repeated failures. */
import type { DialectName, Executor } from '../db/database';
import { insertReturningId } from '../db/dialect';
import { purgeBatch } from '../db/purge-batch';

export async function recordLoginFailure(db: Executor, username: string, ip: string, now: number): Promise<void> {
  await db.insertInto('login_attempts').values({ username, ip, at: now }).execute();
}

/** Records an attempt before its password is checked (see auth/password-guard.ts); returns its id. */
export async function reserveLoginAttempt(db: Executor, dialect: DialectName, username: string, ip: string, now: number): Promise<number> {
  return insertReturningId(db, dialect, 'login_attempts', { username, ip, at: now });
}

export async function deleteLoginAttempt(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('login_attempts').where('id', '=', id).execute();
}

/** Times of the most recent failures since `since`, newest first (leaving out attempt `exceptId`). */
export async function recentLoginFailures(db: Executor, username: string, ip: string, since: number, limit: number, exceptId?: number): Promise<number[]> {
  let query = db.selectFrom('login_attempts').select('at').where('username', '=', username).where('ip', '=', ip).where('at', '>', since);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  const rows = await query.orderBy('at', 'desc').limit(limit).execute();
  return rows.map((r) => Number(r.at));
}

export async function clearLoginFailures(db: Executor, username: string, ip: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('username', '=', username).where('ip', '=', ip).execute();
}

/** Forgets every failed sign-in of a username, from any address (a recovered admin signs in at once). */
export async function clearLoginFailuresOfUsername(db: Executor, username: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('username', '=', username).execute();
}

export async function deleteLoginFailuresBefore(db: Executor, before: number): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', before).execute();
}

/**
 * Deletes up to `limit` failures recorded before `before`; returns how many (`login_attempts_at_idx`).
 */
export async function purgeLoginFailures(db: Executor, before: number, limit: number): Promise<number> {
  return purgeBatch(db, { table: 'login_attempts', key: 'id', where: [['at', '<', before]], limit });
}

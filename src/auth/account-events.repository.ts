/** Audited changes of staff accounts (second factor reset, directory sign-in decisions). */
import type { Executor } from '../db/database';

export type AccountEventType =
  'totp.enrolled' | 'totp.reset' | 'directory.created' | 'directory.role_changed' | 'directory.deactivated' | 'directory.reactivated' | 'admin.deactivated' | 'admin.reactivated';

export interface AccountEvent {
  at: number;
  userId: number;
  actorUserId: number | null;
  type: AccountEventType;
  detail: string | null;
}

export async function recordAccountEvent(db: Executor, e: AccountEvent): Promise<void> {
  await db.insertInto('account_events').values({ at: e.at, user_id: e.userId, actor_user_id: e.actorUserId, type: e.type, detail: e.detail }).execute();
}

/** A user's events, newest first. */
export async function listAccountEvents(db: Executor, userId: number, limit = 50): Promise<AccountEvent[]> {
  const rows = await db.selectFrom('account_events').selectAll().where('user_id', '=', userId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ at: Number(r.at), userId: r.user_id, actorUserId: r.actor_user_id, type: r.type as AccountEventType, detail: r.detail }));
}

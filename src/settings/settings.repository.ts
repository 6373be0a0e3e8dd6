/** Key/value settings an admin can change at run time (stored in the `settings` table). */
import type { DialectName, Executor } from '../db/database';
import { prepared } from '../db/prepared';

const settingQuery = prepared((db, key: string) => db.selectFrom('settings').select('value').where('key', '=', key));

export async function getSetting(db: Executor, key: string): Promise<string | null> {
  const r = await settingQuery.first(db, key);
  return r ? r.value : null;
}

export async function setSetting(db: Executor, dialect: DialectName, key: string, value: string, now: number): Promise<void> {
  const insert = db.insertInto('settings').values({ key, value, updated_at: now });
  if (dialect === 'mysql') {
    await insert.onDuplicateKeyUpdate({ value, updated_at: now }).execute();
  } else {
    await insert.onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })).execute();
  }
}

/** Stores `value` unless the key already has one; returns the value that is stored (the first writer's). */
export async function settingOrInsert(db: Executor, key: string, value: string, now: number): Promise<string> {
  const existing = await getSetting(db, key);
  if (existing !== null) return existing;
  try {
    await db.insertInto('settings').values({ key, value, updated_at: now }).execute();
  } catch (err) {
    // Another process stored one first: use that one.
    const raced = await getSetting(db, key);
    if (raced === null) throw err;
    return raced;
  }
  return value;
}

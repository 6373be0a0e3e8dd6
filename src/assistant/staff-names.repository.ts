/**
 * The directory's names for the sanitizer: everyone in `staff`, former staff included — a name
 * is personal data whether or not the person still works here.
 */
import type { Executor } from '../db/database';

export async function listStaffNames(db: Executor): Promise<Array<{ firstName: string; lastName: string }>> {
  const rows = await db.selectFrom('staff').select(['first_name', 'last_name']).execute();
  return rows.map((r) => ({ firstName: r.first_name, lastName: r.last_name }));
}

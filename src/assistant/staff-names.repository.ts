/** The directory's names for the sanitizer (first and last names of active staff only). */
import type { Executor } from '../db/database';

export async function listStaffNames(db: Executor): Promise<Array<{ firstName: string; lastName: string }>> {
  const rows = await db.selectFrom('staff').select(['first_name', 'last_name']).where('active', '=', 1).execute();
  return rows.map((r) => ({ firstName: r.first_name, lastName: r.last_name }));
}

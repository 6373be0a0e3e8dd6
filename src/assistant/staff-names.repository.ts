/**
 * The names the sanitizer masks: everyone in `staff` (former staff included — a name is personal
 * data whether or not the person still works here) and every staff user (technicians, admins).
 */
import type { Executor } from '../db/database';

export async function listStaffNames(db: Executor): Promise<Array<{ firstName: string; lastName: string }>> {
  const rows = await db.selectFrom('staff').select(['first_name', 'last_name']).execute();
  return rows.map((r) => ({ firstName: r.first_name, lastName: r.last_name }));
}

export async function listUserFullNames(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('users').select(['full_name']).execute();
  return rows.map((r) => r.full_name);
}

/**
 * A cheap fingerprint of both tables: a name imported or a user created through any instance changes
 * it, so every instance rebuilds its matcher at once. For the directory, its last change and last id,
 * each read alone so that it is one index lookup (`staff_updated_idx`, the primary key): one query
 * with both maxima and a count read every row, ~80 ms at 100,000 people on every question. No count
 * there: people are never deleted from the directory, and a name that stays masked after a removal
 * errs on the side of privacy. The users table is a handful of staff accounts: count and maxima.
 */
export async function staffNamesFingerprint(db: Executor): Promise<string> {
  const [lastChange, lastId, users] = await Promise.all([
    db
      .selectFrom('staff')
      .select((eb) => eb.fn.max('updated_at').as('v'))
      .executeTakeFirst(),
    db
      .selectFrom('staff')
      .select((eb) => eb.fn.max('id').as('v'))
      .executeTakeFirst(),
    db
      .selectFrom('users')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('updated_at').as('last'), eb.fn.max('id').as('maxId')])
      .executeTakeFirst(),
  ]);
  return `${Number(lastChange?.v ?? 0)}:${Number(lastId?.v ?? 0)}/${Number(users?.n ?? 0)}:${Number(users?.last ?? 0)}:${Number(users?.maxId ?? 0)}`;
}

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
 * A cheap fingerprint of both tables (count, last change, last id): a name imported or a user
 * created through any instance changes it, so every instance rebuilds its matcher at once.
 */
export async function staffNamesFingerprint(db: Executor): Promise<string> {
  const [staff, users] = await Promise.all([
    db
      .selectFrom('staff')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('updated_at').as('last'), eb.fn.max('id').as('maxId')])
      .executeTakeFirst(),
    db
      .selectFrom('users')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('updated_at').as('last'), eb.fn.max('id').as('maxId')])
      .executeTakeFirst(),
  ]);
  const part = (r: typeof staff) => `${Number(r?.n ?? 0)}:${Number(r?.last ?? 0)}:${Number(r?.maxId ?? 0)}`;
  return `${part(staff)}/${part(users)}`;
}

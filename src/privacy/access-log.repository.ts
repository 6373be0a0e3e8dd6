/**
 * The personal-data access log (Ley 29733): each staff read of a requester's DNI or phone — who,
 * when, where, whose, which fields — never the value itself.
 */
import type { Executor } from '../db/database';
import type { PersonalDataAccessKind } from '../db/schema';
import { purgeBatch } from '../db/purge-batch';

export type PersonalField = 'dni' | 'phone';

export interface PersonalDataRead {
  at: number;
  userId: number;
  kind: PersonalDataAccessKind;
  fields: PersonalField[];
  ticketId?: number | null;
  /** The person whose data was read (directory id), when it was one person. */
  staffId?: number | null;
  /** How many people's data the read showed (a directory page). */
  people?: number;
}

export async function insertPersonalDataRead(db: Executor, r: PersonalDataRead): Promise<void> {
  await db
    .insertInto('personal_data_access')
    .values({ at: r.at, user_id: r.userId, kind: r.kind, fields: r.fields.join(','), ticket_id: r.ticketId ?? null, staff_id: r.staffId ?? null, people: r.people ?? 1 })
    .execute();
}

export interface AccessLogFilter {
  /** Reads of this person's data (looked up by DNI). */
  staffId?: number;
  userId?: number;
  from?: number;
  to?: number;
  /** Entries strictly older than this id (cursor). */
  beforeId?: number;
  limit: number;
}

export interface AccessLogEntry {
  id: number;
  at: number;
  user: { id: number; username: string; fullName: string };
  kind: PersonalDataAccessKind;
  fields: PersonalField[];
  ticketCode: string | null;
  person: { id: number; name: string } | null;
  people: number;
}

/** Newest first. */
export async function listPersonalDataReads(db: Executor, f: AccessLogFilter): Promise<AccessLogEntry[]> {
  let q = db
    .selectFrom('personal_data_access as a')
    .innerJoin('users', 'users.id', 'a.user_id')
    .leftJoin('tickets', 'tickets.id', 'a.ticket_id')
    .leftJoin('staff', 'staff.id', 'a.staff_id')
    .select([
      'a.id',
      'a.at',
      'a.kind',
      'a.fields',
      'a.people',
      'users.id as userId',
      'users.username',
      'users.full_name',
      'tickets.code',
      'staff.id as personId',
      'staff.first_name',
      'staff.last_name',
    ]);
  if (f.staffId !== undefined) q = q.where('a.staff_id', '=', f.staffId);
  if (f.userId !== undefined) q = q.where('a.user_id', '=', f.userId);
  if (f.from !== undefined) q = q.where('a.at', '>=', f.from);
  if (f.to !== undefined) q = q.where('a.at', '<', f.to);
  if (f.beforeId !== undefined) q = q.where('a.id', '<', f.beforeId);
  const rows = await q.orderBy('a.id', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: Number(r.at),
    user: { id: r.userId, username: r.username, fullName: r.full_name },
    kind: r.kind,
    fields: r.fields.split(',').filter(Boolean) as PersonalField[],
    ticketCode: r.code ?? null,
    person: r.personId !== null && r.personId !== undefined ? { id: r.personId, name: `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim() } : null,
    people: Number(r.people),
  }));
}

/** Deletes up to `limit` entries older than `before`; returns how many (the retention purge). */
export async function purgePersonalDataReads(db: Executor, before: number, limit: number): Promise<number> {
  // An entry is never changed once written: its id alone says it is still old enough.
  return purgeBatch(db, { table: 'personal_data_access', key: 'id', where: [['at', '<', before]], orderBy: ['id'], limit, recheck: false });
}

export async function staffIdByDni(db: Executor, dni: string): Promise<number | null> {
  const r = await db.selectFrom('staff').select('id').where('dni', '=', dni).executeTakeFirst();
  return r ? r.id : null;
}

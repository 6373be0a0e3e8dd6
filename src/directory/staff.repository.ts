/**
 * The staff directory for admins: people (DNI, names, phone) and their office per year, with
 * search and keyset pagination, plus the bulk reads and writes of the CSV import.
 */
import type { DialectName, Executor } from '../db/database';
import { containsIgnoringCase, insertReturningId } from '../db/dialect';
import { sql } from 'kysely';
import { definedColumns, flag } from '../db/patch-columns';

export interface OfficeYear {
  year: number;
  officeId: number;
  officeName: string;
}

export interface StaffMember {
  id: number;
  dni: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  active: boolean;
  /** Newest year first. */
  offices: OfficeYear[];
}

/** Keyset position in the (last name, first name, id) order. */
export interface StaffCursor {
  lastName: string;
  firstName: string;
  id: number;
}

type StaffRow = { id: number; dni: string; first_name: string; last_name: string; phone: string | null; active: number };

async function officesOf(db: Executor, staffIds: number[]): Promise<Map<number, OfficeYear[]>> {
  const map = new Map<number, OfficeYear[]>();
  if (!staffIds.length) return map;
  const rows = await db
    .selectFrom('staff_offices')
    .innerJoin('offices', 'offices.id', 'staff_offices.office_id')
    .select(['staff_offices.staff_id', 'staff_offices.year', 'offices.id as officeId', 'offices.name'])
    .where('staff_offices.staff_id', 'in', staffIds)
    .orderBy('staff_offices.year', 'desc')
    .execute();
  for (const r of rows) {
    const list = map.get(r.staff_id) ?? [];
    list.push({ year: Number(r.year), officeId: r.officeId, officeName: r.name });
    map.set(r.staff_id, list);
  }
  return map;
}

const toMember = (r: StaffRow, offices: Map<number, OfficeYear[]>): StaffMember => ({
  id: r.id,
  dni: r.dni,
  firstName: r.first_name,
  lastName: r.last_name,
  phone: r.phone,
  active: Number(r.active) === 1,
  offices: offices.get(r.id) ?? [],
});

/**
 * People matching `q` (a DNI prefix when it is all digits, otherwise part of a name), ordered by
 * last name, first name and id, `limit` at a time after `after`.
 */
export async function searchStaff(db: Executor, dialect: DialectName, options: { q?: string; after?: StaffCursor | null; limit: number }): Promise<{ items: StaffMember[]; next: StaffCursor | null }> {
  let query = db.selectFrom('staff').select(['id', 'dni', 'first_name', 'last_name', 'phone', 'active']);
  const q = options.q?.trim();
  if (q) {
    if (/^\d+$/.test(q)) {
      query = query.where('dni', 'like', `${q}%`);
    } else {
      for (const word of q.split(/\s+/).slice(0, 5)) {
        query = query.where((eb) => eb.or([containsIgnoringCase(dialect, eb.ref('first_name'), word), containsIgnoringCase(dialect, eb.ref('last_name'), word)]));
      }
    }
  }
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('last_name', '>', after.lastName),
        eb.and([eb('last_name', '=', after.lastName), eb('first_name', '>', after.firstName)]),
        eb.and([eb('last_name', '=', after.lastName), eb('first_name', '=', after.firstName), eb('id', '>', after.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('last_name', 'asc')
    .orderBy('first_name', 'asc')
    .orderBy('id', 'asc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  const offices = await officesOf(
    db,
    page.map((r) => r.id),
  );
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toMember(r, offices)),
    next: rows.length > options.limit && last ? { lastName: last.last_name, firstName: last.first_name, id: last.id } : null,
  };
}

export async function findStaffMember(db: Executor, id: number): Promise<StaffMember | null> {
  const r = await db.selectFrom('staff').select(['id', 'dni', 'first_name', 'last_name', 'phone', 'active']).where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return toMember(r, await officesOf(db, [r.id]));
}

export async function staffIdByDni(db: Executor, dni: string): Promise<number | null> {
  const r = await db.selectFrom('staff').select('id').where('dni', '=', dni).executeTakeFirst();
  return r ? r.id : null;
}

export interface NewStaffRow {
  dni: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  email?: string | null;
}

export async function insertStaffMember(db: Executor, dialect: DialectName, s: NewStaffRow, now: number): Promise<number> {
  return insertReturningId(db, dialect, 'staff', {
    dni: s.dni,
    first_name: s.firstName,
    last_name: s.lastName,
    phone: s.phone,
    active: 1,
    created_at: now,
    updated_at: now,
  });
}

export interface StaffPatch {
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  email?: string | null;
  active?: boolean;
}

export async function updateStaffMember(db: Executor, id: number, patch: StaffPatch, now: number): Promise<void> {
  await db
    .updateTable('staff')
    .set({
      ...definedColumns({ first_name: patch.firstName, last_name: patch.lastName, phone: patch.phone, email: patch.email, active: flag(patch.active) }),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** Sets the person's office for a year (one row per person and year). */
export async function setStaffOffice(db: Executor, staffId: number, year: number, officeId: number): Promise<void> {
  const r = await db.updateTable('staff_offices').set({ office_id: officeId }).where('staff_id', '=', staffId).where('year', '=', year).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await db.insertInto('staff_offices').values({ staff_id: staffId, office_id: officeId, year }).execute();
}

// ---- bulk operations of the CSV import ----

/** Rows per multi-row INSERT and per `IN (…)` list: well under every engine's parameter limit. */
export const BATCH = 500;

export interface ExistingStaff {
  id: number;
  firstName: string;
  lastName: string;
  phone: string | null;
  email: string | null;
  active: boolean;
  /** Office for the year asked; undefined when the person has no row for that year. */
  officeId: number | undefined;
}

/** The people with these DNIs, with their office for `year`. */
export async function findStaffByDnis(db: Executor, dnis: string[], year: number): Promise<Map<string, ExistingStaff>> {
  const map = new Map<string, ExistingStaff>();
  for (let i = 0; i < dnis.length; i += BATCH) {
    const chunk = dnis.slice(i, i + BATCH);
    const rows = await db
      .selectFrom('staff')
      .leftJoin('staff_offices', (j) => j.onRef('staff_offices.staff_id', '=', 'staff.id').on('staff_offices.year', '=', year))
      .select(['staff.id', 'staff.dni', 'staff.first_name', 'staff.last_name', 'staff.phone', 'staff.email', 'staff.active', 'staff_offices.office_id'])
      .where('staff.dni', 'in', chunk)
      .execute();
    for (const r of rows) {
      map.set(r.dni, {
        id: r.id,
        firstName: r.first_name,
        lastName: r.last_name,
        phone: r.phone,
        email: r.email,
        active: Number(r.active) === 1,
        officeId: r.office_id ?? undefined,
      });
    }
  }
  return map;
}

/** Inserts people in batches and returns DNI → new id. */
export async function insertStaffMembers(db: Executor, rows: NewStaffRow[], now: number): Promise<Map<string, number>> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('staff')
      .values(
        rows
          .slice(i, i + BATCH)
          .map((s) => ({ dni: s.dni, first_name: s.firstName, last_name: s.lastName, phone: s.phone, email: s.email ?? null, active: 1 as const, created_at: now, updated_at: now })),
      )
      .execute();
  }
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += BATCH) {
    const found = await db
      .selectFrom('staff')
      .select(['id', 'dni'])
      .where(
        'dni',
        'in',
        rows.slice(i, i + BATCH).map((r) => r.dni),
      )
      .execute();
    for (const f of found) ids.set(f.dni, f.id);
  }
  return ids;
}

export async function insertStaffOffices(db: Executor, rows: { staffId: number; officeId: number; year: number }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('staff_offices')
      .values(rows.slice(i, i + BATCH).map((r) => ({ staff_id: r.staffId, office_id: r.officeId, year: r.year })))
      .execute();
  }
}

/** Moves people to other offices for one year, grouped by office (one UPDATE per office and batch). */
export async function moveStaffOffices(db: Executor, year: number, moves: { staffId: number; officeId: number }[]): Promise<void> {
  const byOffice = new Map<number, number[]>();
  for (const m of moves) {
    const list = byOffice.get(m.officeId) ?? [];
    list.push(m.staffId);
    byOffice.set(m.officeId, list);
  }
  for (const [officeId, staffIds] of byOffice) {
    for (let i = 0; i < staffIds.length; i += BATCH) {
      await db
        .updateTable('staff_offices')
        .set({ office_id: officeId })
        .where('year', '=', year)
        .where('staff_id', 'in', staffIds.slice(i, i + BATCH))
        .execute();
    }
  }
}

/** Count of people (for the admin page header). */
export async function countStaff(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('staff')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Offices: a tree (parent_id), deactivated rather than deleted because tickets refer to them. */
import type { DialectName, Executor } from '../db/database';
import { insertReturningId } from '../db/dialect';
import { definedColumns, flag } from '../db/patch-columns';

export interface Office {
  id: number;
  name: string;
  code: string | null;
  parentId: number | null;
  active: boolean;
}

const toOffice = (r: { id: number; name: string; code: string | null; parent_id: number | null; active: number }): Office => ({
  id: r.id,
  name: r.name,
  code: r.code,
  parentId: r.parent_id,
  active: Number(r.active) === 1,
});

/** Every office, by name (the tree is built by the caller). */
export async function listOffices(db: Executor): Promise<Office[]> {
  const rows = await db.selectFrom('offices').select(['id', 'name', 'code', 'parent_id', 'active']).orderBy('name', 'asc').orderBy('id', 'asc').execute();
  return rows.map(toOffice);
}

export async function findOffice(db: Executor, id: number): Promise<Office | null> {
  const r = await db.selectFrom('offices').select(['id', 'name', 'code', 'parent_id', 'active']).where('id', '=', id).executeTakeFirst();
  return r ? toOffice(r) : null;
}

export async function findOfficeByCode(db: Executor, code: string): Promise<Office | null> {
  const r = await db.selectFrom('offices').select(['id', 'name', 'code', 'parent_id', 'active']).where('code', '=', code).executeTakeFirst();
  return r ? toOffice(r) : null;
}

export async function insertOffice(db: Executor, dialect: DialectName, o: { name: string; code: string | null; parentId: number | null; now: number }): Promise<number> {
  return insertReturningId(db, dialect, 'offices', {
    name: o.name,
    code: o.code,
    parent_id: o.parentId,
    active: 1,
    created_at: o.now,
    updated_at: o.now,
  });
}

export interface OfficePatch {
  name?: string;
  code?: string | null;
  parentId?: number | null;
  active?: boolean;
}

export async function updateOffice(db: Executor, id: number, patch: OfficePatch, now: number): Promise<void> {
  await db
    .updateTable('offices')
    .set({
      ...definedColumns({ name: patch.name, code: patch.code, parent_id: patch.parentId, active: flag(patch.active) }),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** The names of these offices, by id (unknown ids are left out). */
export async function officeNamesByIds(db: Executor, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('offices').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

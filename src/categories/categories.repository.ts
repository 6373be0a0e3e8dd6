import type { DialectName, Executor } from '../db/database';
import { insertReturningId } from '../db/dialect';
import { prepared } from '../db/prepared';
import type { TicketPriority } from '../db/schema';
import { definedColumns, flag } from '../db/patch-columns';

export interface Category {
  id: number;
  name: string;
  sortOrder: number;
  isOther: boolean;
  active: boolean;
  /** What a ticket of this category gets at filing. */
  defaultPriority: TicketPriority;
}

const toCategory = (r: { id: number; name: string; sort_order: number; is_other: number; active: number; default_priority: TicketPriority }): Category => ({
  id: r.id,
  name: r.name,
  sortOrder: r.sort_order,
  isOther: r.is_other === 1,
  active: r.active === 1,
  defaultPriority: r.default_priority,
});

/** Active categories, "Otros" last whatever its sort order. */
export async function listActiveCategories(db: Executor): Promise<Category[]> {
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'name', 'sort_order', 'is_other', 'active', 'default_priority'])
    .where('active', '=', 1)
    .orderBy('is_other', 'asc')
    .orderBy('sort_order', 'asc')
    .orderBy('name', 'asc')
    .execute();
  return rows.map(toCategory);
}

const categoryQuery = prepared((db, id: number) => db.selectFrom('categories').select(['id', 'name', 'sort_order', 'is_other', 'active', 'default_priority']).where('id', '=', id));

export async function findCategory(db: Executor, id: number): Promise<Category | null> {
  const r = await categoryQuery.first(db, id);
  return r ? toCategory(r) : null;
}

/** Every category, active or not, in display order ("Otros" last). */
export async function listAllCategories(db: Executor): Promise<Category[]> {
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'name', 'sort_order', 'is_other', 'active', 'default_priority'])
    .orderBy('is_other', 'asc')
    .orderBy('sort_order', 'asc')
    .orderBy('name', 'asc')
    .execute();
  return rows.map(toCategory);
}

const sameName = new Intl.Collator('es', { sensitivity: 'base' });

/**
 * A category whose name differs from `name` at most by case or accents ("Telefonía" and
 * "telefonia" are one category). Compared here, not in SQL: SQLite's lower() knows only ASCII
 * and each database collates differently; the list is a few dozen rows.
 */
export async function findCategoryByName(db: Executor, name: string): Promise<Category | null> {
  const rows = await db.selectFrom('categories').select(['id', 'name', 'sort_order', 'is_other', 'active', 'default_priority']).execute();
  const r = rows.find((row) => sameName.compare(row.name, name) === 0);
  return r ? toCategory(r) : null;
}

/** The order number right after the highest ordinary category's (new categories go to the end, before "Otros"). */
export async function nextCategorySortOrder(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('categories')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .where('is_other', '=', 0)
    .executeTakeFirst();
  return r?.m == null ? 1 : Number(r.m) + 1;
}

export async function insertCategory(db: Executor, dialect: DialectName, c: { name: string; sortOrder: number; defaultPriority?: TicketPriority; now: number }): Promise<number> {
  return insertReturningId(db, dialect, 'categories', { name: c.name, sort_order: c.sortOrder, is_other: 0, active: 1, created_at: c.now, default_priority: c.defaultPriority ?? 'normal' });
}

export async function updateCategoryRow(db: Executor, id: number, patch: { name?: string; sortOrder?: number; active?: boolean; defaultPriority?: TicketPriority }): Promise<void> {
  if (patch.name === undefined && patch.sortOrder === undefined && patch.active === undefined && patch.defaultPriority === undefined) return;
  await db
    .updateTable('categories')
    .set(definedColumns({ name: patch.name, sort_order: patch.sortOrder, active: flag(patch.active), default_priority: patch.defaultPriority }))
    .where('id', '=', id)
    .execute();
}

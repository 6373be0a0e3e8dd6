import type { Executor } from '../db/database';

export interface Category {
  id: number;
  name: string;
  sortOrder: number;
  isOther: boolean;
  active: boolean;
}

const toCategory = (r: { id: number; name: string; sort_order: number; is_other: number; active: number }): Category => ({
  id: r.id,
  name: r.name,
  sortOrder: r.sort_order,
  isOther: r.is_other === 1,
  active: r.active === 1,
});

/** Active categories, "Otros" last whatever its sort order. */
export async function listActiveCategories(db: Executor): Promise<Category[]> {
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'name', 'sort_order', 'is_other', 'active'])
    .where('active', '=', 1)
    .orderBy('is_other', 'asc')
    .orderBy('sort_order', 'asc')
    .orderBy('name', 'asc')
    .execute();
  return rows.map(toCategory);
}

export async function findCategory(db: Executor, id: number): Promise<Category | null> {
  const r = await db
    .selectFrom('categories')
    .select(['id', 'name', 'sort_order', 'is_other', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? toCategory(r) : null;
}

import { AppError } from '../../core/errors';
import type { DialectName, Executor } from '../../db/database';
import { isUniqueViolation } from '../../db/dialect';
import type { Clock } from '../../core/context';
import { findCategory, findCategoryByName, insertCategory, nextCategorySortOrder, updateCategoryRow, type Category } from '../categories.repository';

export interface CategoryDeps {
  db: Executor;
  dialect: DialectName;
  clock: Clock;
}

const NAME_MAX = 120;

function cleanCategoryName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (!name) throw new AppError('VALIDATION_FAILED', undefined, { name: { key: 'field.required' } });
  if (name.length > NAME_MAX) throw new AppError('VALIDATION_FAILED', undefined, { name: { key: 'field.maxLength', params: { limit: NAME_MAX } } });
  return name;
}

async function ensureNameFree(db: Executor, name: string, exceptId: number | null): Promise<void> {
  const other = await findCategoryByName(db, name);
  if (other && other.id !== exceptId) throw new AppError('CATEGORY_NAME_TAKEN', undefined, { name: { key: 'field.nameTaken' } });
}

/** Adds an active category; without a sort order it goes after the others (still before "Otros"). */
export async function createCategory(deps: CategoryDeps, input: { name: string; sortOrder?: number }): Promise<Category> {
  const name = cleanCategoryName(input.name);
  await ensureNameFree(deps.db, name, null);
  const sortOrder = input.sortOrder ?? (await nextCategorySortOrder(deps.db));
  try {
    const id = await insertCategory(deps.db, deps.dialect, { name, sortOrder, now: deps.clock() });
    return { id, name, sortOrder, isOther: false, active: true };
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CATEGORY_NAME_TAKEN', undefined, { name: { key: 'field.nameTaken' } });
    throw err;
  }
}

/**
 * Renames, reorders or (de)activates a category. Categories are never deleted (tickets refer to
 * them); "Otros" is listed last whatever its sort order.
 */
export async function updateCategory(deps: CategoryDeps, id: number, input: { name?: string; sortOrder?: number; active?: boolean }): Promise<Category> {
  const current = await findCategory(deps.db, id);
  if (!current) throw new AppError('NOT_FOUND');
  const name = input.name === undefined ? undefined : cleanCategoryName(input.name);
  if (name !== undefined && name !== current.name) await ensureNameFree(deps.db, name, id);
  try {
    await updateCategoryRow(deps.db, id, { name, sortOrder: input.sortOrder, active: input.active });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CATEGORY_NAME_TAKEN', undefined, { name: { key: 'field.nameTaken' } });
    throw err;
  }
  return (await findCategory(deps.db, id))!;
}

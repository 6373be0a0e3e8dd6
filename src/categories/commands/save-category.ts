import { AppError } from '../../core/errors';
import { FieldProblems } from '../../core/field-problems';
import type { DialectName, Executor } from '../../db/database';
import { isUniqueViolation } from '../../db/dialect';
import type { Clock } from '../../core/context';
import type { TicketPriority } from '../../db/schema';
import { findCategory, findCategoryByName, insertCategory, nextCategorySortOrder, updateCategoryRow, type Category } from '../categories.repository';

export interface CategoryDeps {
  db: Executor;
  dialect: DialectName;
  clock: Clock;
}

const NAME_MAX = 120;

const SORT_ORDER_MAX = 999_999;

/** Name and order checked together (every problem at once); the name is compared without case. */
async function checkCategory(db: Executor, input: { name?: string; sortOrder?: number }, exceptId: number | null): Promise<string | undefined> {
  const problems = new FieldProblems();
  const name = input.name === undefined ? undefined : input.name.trim().replace(/\s+/g, ' ');
  if (name !== undefined) {
    if (!name) problems.add('name', 'field.required');
    else if (name.length > NAME_MAX) problems.add('name', 'field.maxLength', { limit: NAME_MAX });
    else {
      const other = await findCategoryByName(db, name);
      if (other && other.id !== exceptId) problems.add('name', 'field.nameTaken', undefined, 'CATEGORY_NAME_TAKEN');
    }
  }
  if (input.sortOrder !== undefined && !(Number.isInteger(input.sortOrder) && input.sortOrder >= 0 && input.sortOrder <= SORT_ORDER_MAX)) {
    problems.add('sortOrder', 'field.wholeNumber', { max: SORT_ORDER_MAX });
  }
  problems.throwIfAny();
  return name;
}

/** Adds an active category; without a sort order it goes after the highest one (still before "Otros"). */
export async function createCategory(deps: CategoryDeps, input: { name: string; sortOrder?: number; defaultPriority?: TicketPriority }): Promise<Category> {
  const name = (await checkCategory(deps.db, input, null))!;
  const sortOrder = input.sortOrder ?? (await nextCategorySortOrder(deps.db));
  try {
    const defaultPriority = input.defaultPriority ?? 'normal';
    const id = await insertCategory(deps.db, deps.dialect, { name, sortOrder, defaultPriority, now: deps.clock() });
    return { id, name, sortOrder, isOther: false, active: true, defaultPriority };
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CATEGORY_NAME_TAKEN', undefined, { name: { key: 'field.nameTaken' } });
    throw err;
  }
}

/**
 * Renames, reorders or (de)activates a category. Categories are never deleted (tickets refer to
 * them); "Otros" is listed last whatever its sort order.
 */
export async function updateCategory(deps: CategoryDeps, id: number, input: { name?: string; sortOrder?: number; active?: boolean; defaultPriority?: TicketPriority }): Promise<Category> {
  const current = await findCategory(deps.db, id);
  if (!current) throw new AppError('NOT_FOUND');
  const name = await checkCategory(deps.db, input, id);
  try {
    await updateCategoryRow(deps.db, id, { name, sortOrder: input.sortOrder, active: input.active, defaultPriority: input.defaultPriority });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CATEGORY_NAME_TAKEN', undefined, { name: { key: 'field.nameTaken' } });
    throw err;
  }
  return (await findCategory(deps.db, id))!;
}

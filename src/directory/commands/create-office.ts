import { AppError } from '../../core/errors';
import { FieldProblems } from '../../core/field-problems';
import type { DialectName, Executor } from '../../db/database';
import { isUniqueViolation } from '../../db/dialect';
import type { Clock } from '../../core/context';
import { findOffice, findOfficeByCode, insertOffice, type Office } from '../offices.repository';

export interface OfficeDeps {
  db: Executor;
  dialect: DialectName;
  clock: Clock;
}

/** An empty code means "no code" (codes are unique when present). */
export const normalizeOfficeCode = (code: string | null | undefined): string | null => {
  const c = code?.trim();
  return c ? c : null;
};

/** Creates an active office, at the top level or under `parentId`; 409 if the code is taken. */
export async function createOffice(deps: OfficeDeps, input: { name: string; code?: string | null; parentId?: number | null }): Promise<Office> {
  const problems = new FieldProblems();
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (!name) problems.add('name', 'field.required');
  const code = normalizeOfficeCode(input.code);
  const parentId = input.parentId ?? null;
  if (parentId !== null && !(Number.isInteger(parentId) && (await findOffice(deps.db, parentId)))) problems.add('parentId', 'field.officeUnknown', undefined, 'OFFICE_UNKNOWN');
  if (code && (await findOfficeByCode(deps.db, code))) problems.add('code', 'field.codeTaken', undefined, 'OFFICE_CODE_TAKEN');
  problems.throwIfAny();
  try {
    const id = await insertOffice(deps.db, deps.dialect, { name, code, parentId, now: deps.clock() });
    return { id, name, code, parentId, active: true };
  } catch (err) {
    // Two admins creating the same code at the same instant.
    if (isUniqueViolation(err)) throw new AppError('OFFICE_CODE_TAKEN', undefined, { code: { key: 'field.codeTaken' } });
    throw err;
  }
}

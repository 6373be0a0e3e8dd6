import { AppError } from '../../core/errors';
import { FieldProblems } from '../../core/field-problems';
import { isUniqueViolation } from '../../db/dialect';
import { findOfficeByCode, listOffices, updateOffice as update, type Office, type OfficePatch } from '../offices.repository';
import { normalizeOfficeCode, type OfficeDeps } from './create-office';

/** True when making `parentId` the parent of `officeId` would close a loop in the tree. */
export function wouldCycle(offices: Pick<Office, 'id' | 'parentId'>[], officeId: number, parentId: number | null): boolean {
  const parentOf = new Map(offices.map((o) => [o.id, o.parentId]));
  let current = parentId;
  const seen = new Set<number>();
  while (current !== null && current !== undefined) {
    if (current === officeId || seen.has(current)) return true;
    seen.add(current);
    current = parentOf.get(current) ?? null;
  }
  return false;
}

/**
 * Renames, re-codes, moves (refusing a loop in the tree: 422) or (de)activates an office.
 * Offices are never deleted: tickets and past assignments refer to them.
 */
export async function updateOffice(deps: OfficeDeps, officeId: number, input: { name?: string; code?: string | null; parentId?: number | null; active?: boolean }): Promise<Office> {
  const offices = await listOffices(deps.db);
  const office = offices.find((o) => o.id === officeId);
  if (!office) throw new AppError('NOT_FOUND');
  const patch: OfficePatch = {};
  const problems = new FieldProblems();
  if (input.name !== undefined) {
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (!name) problems.add('name', 'field.required');
    patch.name = name;
  }
  if (input.code !== undefined) {
    const code = normalizeOfficeCode(input.code);
    if (code && code !== office.code) {
      const other = await findOfficeByCode(deps.db, code);
      if (other && other.id !== officeId) problems.add('code', 'field.codeTaken', undefined, 'OFFICE_CODE_TAKEN');
    }
    patch.code = code;
  }
  if (input.parentId !== undefined) {
    const parentId = input.parentId;
    if (parentId !== null && !offices.some((o) => o.id === parentId)) problems.add('parentId', 'field.officeUnknown', undefined, 'OFFICE_UNKNOWN');
    else if (wouldCycle(offices, officeId, parentId)) problems.add('parentId', 'field.officeCycle', undefined, 'OFFICE_PARENT_CYCLE');
    patch.parentId = parentId;
  }
  problems.throwIfAny();
  if (input.active !== undefined) patch.active = input.active;
  try {
    await update(deps.db, officeId, patch, deps.clock());
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('OFFICE_CODE_TAKEN', undefined, { code: { key: 'field.codeTaken' } });
    throw err;
  }
  return { ...office, ...patch } as Office;
}

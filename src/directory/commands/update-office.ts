import { AppError } from '../../core/errors';
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
  if (input.name !== undefined) {
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (!name) throw new AppError('VALIDATION_FAILED', undefined, { name: { key: 'field.required' } });
    patch.name = name;
  }
  if (input.code !== undefined) {
    const code = normalizeOfficeCode(input.code);
    if (code && code !== office.code) {
      const other = await findOfficeByCode(deps.db, code);
      if (other && other.id !== officeId) throw new AppError('OFFICE_CODE_TAKEN', undefined, { code: { key: 'field.codeTaken' } });
    }
    patch.code = code;
  }
  if (input.parentId !== undefined) {
    const parentId = input.parentId;
    if (parentId !== null && !offices.some((o) => o.id === parentId)) {
      throw new AppError('OFFICE_UNKNOWN', undefined, { parentId: { key: 'field.officeUnknown' } });
    }
    if (wouldCycle(offices, officeId, parentId)) throw new AppError('OFFICE_PARENT_CYCLE', undefined, { parentId: { key: 'field.officeCycle' } });
    patch.parentId = parentId;
  }
  if (input.active !== undefined) patch.active = input.active;
  try {
    await update(deps.db, officeId, patch, deps.clock());
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('OFFICE_CODE_TAKEN', undefined, { code: { key: 'field.codeTaken' } });
    throw err;
  }
  return { ...office, ...patch } as Office;
}

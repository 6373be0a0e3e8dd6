import { AppError } from '../../core/errors';
import { FieldProblems } from '../../core/field-problems';
import { isUniqueViolation } from '../../db/dialect';
import { isValidDni } from '../dni';
import { findOffice } from '../offices.repository';
import { insertStaffMember, setStaffOffice, staffIdByDni, findStaffMember, type StaffMember } from '../staff.repository';
import { cleanName, cleanPhone, NAME_MAX } from '../person-fields';
import { localYear } from '../../core/local-time';
import type { OfficeDeps } from './create-office';

export interface StaffDeps extends OfficeDeps {
  timeZone: string;
}

/** Checks names and phone; returns the cleaned values or throws 422 naming the fields. */
export function checkPersonFields(input: { firstName?: string; lastName?: string; phone?: string | null }, problems = new FieldProblems()) {
  const firstName = input.firstName === undefined ? undefined : cleanName(input.firstName);
  const lastName = input.lastName === undefined ? undefined : cleanName(input.lastName);
  if (firstName !== undefined && !firstName) problems.add('firstName', 'field.required');
  if (firstName && firstName.length > NAME_MAX) problems.add('firstName', 'field.maxLength', { limit: NAME_MAX });
  if (lastName !== undefined && !lastName) problems.add('lastName', 'field.required');
  if (lastName && lastName.length > NAME_MAX) problems.add('lastName', 'field.maxLength', { limit: NAME_MAX });
  const phone = input.phone === undefined ? undefined : cleanPhone(input.phone);
  if (input.phone !== undefined && phone === undefined) problems.add('phone', 'field.phone');
  problems.throwIfAny();
  return { firstName, lastName, phone };
}

/** The years an office can be assigned for. */
export const isAssignableYear = (year: number): boolean => Number.isInteger(year) && year >= 2000 && year <= 2100;

/** Adds a person to the directory with an office for `year` (the current local year by default). */
export async function createStaffMember(deps: StaffDeps, input: { dni: string; firstName: string; lastName: string; phone?: string | null; officeId: number; year?: number }): Promise<StaffMember> {
  const problems = new FieldProblems();
  const dni = input.dni.trim();
  if (!isValidDni(dni)) problems.add('dni', 'field.dni');
  else if ((await staffIdByDni(deps.db, dni)) !== null) problems.add('dni', 'field.dniTaken', undefined, 'DNI_TAKEN');
  if (!(Number.isInteger(input.officeId) && (await findOffice(deps.db, input.officeId)))) problems.add('officeId', 'field.officeUnknown', undefined, 'OFFICE_UNKNOWN');
  if (input.year !== undefined && !isAssignableYear(input.year)) problems.add('year', 'import.reason.yearInvalid');
  // Throws with the problems above and the names' and phone's together.
  const { firstName, lastName, phone } = checkPersonFields({ firstName: input.firstName, lastName: input.lastName, phone: input.phone ?? null }, problems);
  const now = deps.clock();
  const year = input.year ?? localYear(now, deps.timeZone);
  let id: number;
  try {
    id = await insertStaffMember(deps.db, deps.dialect, { dni, firstName: firstName!, lastName: lastName!, phone: phone ?? null }, now);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('DNI_TAKEN', undefined, { dni: { key: 'field.dniTaken' } });
    throw err;
  }
  await setStaffOffice(deps.db, id, year, input.officeId);
  return (await findStaffMember(deps.db, id))!;
}

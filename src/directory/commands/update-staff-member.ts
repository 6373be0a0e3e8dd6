import { AppError } from '../../core/errors';
import { FieldProblems } from '../../core/field-problems';
import { findOffice } from '../offices.repository';
import { findStaffMember, setStaffOffice, updateStaffMember as update, type StaffMember } from '../staff.repository';
import { checkPersonFields, isAssignableYear, type StaffDeps } from './create-staff-member';

/** Corrects a person's names or phone, or (de)activates them. People are never deleted: tickets refer to them. */
export async function updateStaffMember(deps: StaffDeps, staffId: number, input: { firstName?: string; lastName?: string; phone?: string | null; active?: boolean }): Promise<StaffMember> {
  if (!(await findStaffMember(deps.db, staffId))) throw new AppError('NOT_FOUND');
  const clean = checkPersonFields(input);
  await update(deps.db, staffId, { ...clean, active: input.active }, deps.clock());
  return (await findStaffMember(deps.db, staffId))!;
}

/** Sets the person's office for one year (the institution reassigns staff every year). */
export async function assignStaffOffice(deps: StaffDeps, staffId: number, year: number, officeId: number): Promise<StaffMember> {
  if (!(await findStaffMember(deps.db, staffId))) throw new AppError('NOT_FOUND');
  const problems = new FieldProblems();
  if (!isAssignableYear(year)) problems.add('year', 'import.reason.yearInvalid');
  if (!(Number.isInteger(officeId) && (await findOffice(deps.db, officeId)))) problems.add('officeId', 'field.officeUnknown', undefined, 'OFFICE_UNKNOWN');
  problems.throwIfAny();
  await setStaffOffice(deps.db, staffId, year, officeId);
  return (await findStaffMember(deps.db, staffId))!;
}

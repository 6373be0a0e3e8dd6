import type { Executor } from '../db/database';
import { prepared } from '../db/prepared';

export interface PersonWithOffice {
  staffId: number;
  dni: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  /** The person's office for the year asked, when it exists and is active. */
  office: { id: number; name: string } | null;
}

/** A person by DNI with their office for `year` (null if none or if that office is inactive). */
const personByDniQuery = prepared((db, dni: string, year: number) =>
  db
    .selectFrom('staff')
    .leftJoin('staff_offices', (j) => j.onRef('staff_offices.staff_id', '=', 'staff.id').on('staff_offices.year', '=', year))
    .leftJoin('offices', 'offices.id', 'staff_offices.office_id')
    .select([
      'staff.id as staffId',
      'staff.dni',
      'staff.first_name',
      'staff.last_name',
      'staff.phone',
      'staff.active as staffActive',
      'offices.id as officeId',
      'offices.name as officeName',
      'offices.active as officeActive',
    ])
    .where('staff.dni', '=', dni),
);

export async function findPersonByDni(db: Executor, dni: string, year: number): Promise<PersonWithOffice | null> {
  const row = await personByDniQuery.first(db, dni, year);
  if (!row || row.staffActive !== 1) return null;
  return {
    staffId: row.staffId,
    dni: row.dni,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    office: row.officeId != null && row.officeActive === 1 ? { id: row.officeId, name: row.officeName ?? '' } : null,
  };
}

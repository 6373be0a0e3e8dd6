import { AppError } from '../core/errors';
import type { Executor } from '../db/database';
import type { Clock } from '../core/context';
import { isValidDni } from './dni';
import { findPersonByDni, type PersonWithOffice } from './directory.repository';
import { localYear } from '../core/local-time';

export interface LookupDeps {
  db: Executor;
  clock: Clock;
  timeZone: string;
}

/**
 * The person behind a DNI with an active office this year.
 * 400 malformed, 404 unknown (or deactivated), 403 no active office this year.
 */
export async function lookupPerson(deps: LookupDeps, dni: string): Promise<PersonWithOffice & { office: { id: number; name: string } }> {
  if (!isValidDni(dni)) throw new AppError('DNI_MALFORMED', undefined, { dni: { key: 'field.dni' } });
  const person = await findPersonByDni(deps.db, dni, localYear(deps.clock(), deps.timeZone));
  if (!person) throw new AppError('DNI_UNKNOWN');
  if (!person.office) throw new AppError('NO_ACTIVE_OFFICE');
  return person as PersonWithOffice & { office: { id: number; name: string } };
}

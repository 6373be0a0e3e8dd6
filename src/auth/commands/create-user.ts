import { AppError } from '../../core/errors';
import { FieldProblems } from '../../core/field-problems';
import type { DialectName, Executor } from '../../db/database';
import { isUniqueViolation } from '../../db/dialect';
import type { Clock } from '../../core/context';
import type { UserRole } from '../../db/schema';
import { hashPassword } from '../passwords';
import { createUserRow, findUserById, userExists, type User } from '../users.repository';
import { MIN_PASSWORD_LENGTH, normalizeUsername, USERNAME_PATTERN } from '../usernames';

export interface UserAdminDeps {
  db: Executor;
  dialect: DialectName;
  clock: Clock;
}

export const isUserRole = (role: string): role is UserRole => role === 'admin' || role === 'technician';

/**
 * An admin creates a staff account. Technicians are on duty (get new-ticket messages) unless told
 * otherwise. Every field's problem is reported at once.
 */
export async function createUser(deps: UserAdminDeps, input: { username: string; password: string; fullName: string; role: UserRole; onDuty?: boolean }): Promise<User> {
  const problems = new FieldProblems();
  const username = normalizeUsername(input.username);
  if (!new RegExp(USERNAME_PATTERN).test(username)) problems.add('username', 'field.username');
  else if (await userExists(deps.db, username)) problems.add('username', 'field.usernameTaken', undefined, 'USERNAME_TAKEN');
  const fullName = input.fullName.trim().replace(/\s+/g, ' ');
  if (!fullName) problems.add('fullName', 'field.required');
  if (input.password.length < MIN_PASSWORD_LENGTH) problems.add('password', 'field.minLength', { limit: MIN_PASSWORD_LENGTH });
  if (!isUserRole(input.role)) problems.add('role', 'field.enum', { values: 'admin, technician' });
  problems.throwIfAny();
  const onDuty = input.onDuty ?? input.role === 'technician';
  let id: number;
  try {
    id = await createUserRow(deps.db, deps.dialect, { username, passwordHash: await hashPassword(input.password), fullName, role: input.role, onDuty, now: deps.clock() });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('USERNAME_TAKEN', undefined, { username: { key: 'field.usernameTaken' } });
    throw err;
  }
  return (await findUserById(deps.db, id))!;
}

import { AppError } from '../../core/errors';
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

/** An admin creates a staff account. Technicians are on duty (get new-ticket messages) unless told otherwise. */
export async function createUser(
  deps: UserAdminDeps,
  input: { username: string; password: string; fullName: string; role: UserRole; onDuty?: boolean },
): Promise<User> {
  const username = normalizeUsername(input.username);
  if (!new RegExp(USERNAME_PATTERN).test(username)) throw new AppError('VALIDATION_FAILED', undefined, { username: { key: 'field.username' } });
  const fullName = input.fullName.trim().replace(/\s+/g, ' ');
  if (!fullName) throw new AppError('VALIDATION_FAILED', undefined, { fullName: { key: 'field.required' } });
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION_FAILED', undefined, { password: { key: 'field.minLength', params: { limit: MIN_PASSWORD_LENGTH } } });
  }
  if (await userExists(deps.db, username)) throw new AppError('USERNAME_TAKEN', undefined, { username: { key: 'field.usernameTaken' } });
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

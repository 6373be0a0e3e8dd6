import { AppError } from '../../core/errors';
import { FieldProblems } from '../../core/field-problems';
import type { UserRole } from '../../db/schema';
import type { Actor } from '../actor';
import { countOtherActiveAdmins, findUserById, updateUserRow, type User } from '../users.repository';
import { deleteSessionsOfUser } from '../sessions.repository';
import { revokeTokensOfUser } from '../api-tokens.repository';
import { recordAccountEvent } from '../account-events.repository';
import { isUserRole, type UserAdminDeps } from './create-user';

/**
 * An admin changes a staff account: name, role, active, on duty. Accounts are deactivated, never
 * deleted (tickets and their history name them); a deactivated user's sessions end at once and
 * their API tokens are revoked, so reactivating the account later does not bring them back.
 * No change may leave the system without an active admin (409 LAST_ADMIN).
 */
export async function updateUser(deps: UserAdminDeps & { actor: Actor }, userId: number, input: { fullName?: string; role?: UserRole; active?: boolean; onDuty?: boolean }): Promise<User> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError('NOT_FOUND');
  const problems = new FieldProblems();
  let fullName: string | undefined;
  if (input.fullName !== undefined) {
    fullName = input.fullName.trim().replace(/\s+/g, ' ');
    if (!fullName) problems.add('fullName', 'field.required');
  }
  if (input.role !== undefined && !isUserRole(input.role)) problems.add('role', 'field.enum', { values: 'admin, technician' });
  problems.throwIfAny();
  const staysAdmin = (input.role ?? user.role) === 'admin' && (input.active ?? user.active);
  if (user.role === 'admin' && user.active && !staysAdmin && (await countOtherActiveAdmins(deps.db, userId)) === 0) {
    throw new AppError('LAST_ADMIN');
  }
  const now = deps.clock();
  await updateUserRow(deps.db, userId, { fullName, role: input.role, active: input.active, onDuty: input.onDuty }, now);
  if (input.active !== undefined && input.active !== user.active) {
    // Audited: a directory account an admin switched off stays off whatever the directory says.
    await recordAccountEvent(deps.db, { at: now, userId, actorUserId: deps.actor.userId, type: input.active ? 'admin.reactivated' : 'admin.deactivated', detail: null });
  }
  if (input.active === false) {
    await deleteSessionsOfUser(deps.db, userId);
    await revokeTokensOfUser(deps.db, userId, now);
  }
  return (await findUserById(deps.db, userId))!;
}

/**
 * What a directory answer means for the local account (search-then-bind happened in
 * `ldap-directory.ts`): the role follows group membership at every sign-in; an account is created
 * on the first sign-in and deactivated when the directory no longer lets the person in (disabled,
 * gone, or in neither group). An account an admin deactivated here stays deactivated whatever the
 * directory says; one the directory deactivated comes back when the directory lets it in again.
 */
import { AppError } from '../../core/errors';
import type { DialectName, Executor } from '../../db/database';
import type { UserRole } from '../../db/schema';
import type { LdapConfig } from '../../config/config';
import { createUserRow, findUserWithHashById, findUserWithHashByUsername, updateUserRow, type UserWithHash } from '../users.repository';
import { listAccountEvents, recordAccountEvent } from '../account-events.repository';
import { deleteSessionsOfUser } from '../sessions.repository';
import { revokeTokensOfUser } from '../api-tokens.repository';
import { DirectoryUnavailable, LdapDirectory, type DirectoryAnswer } from './ldap-directory';

/** Directory accounts have no local password: this never matches a scrypt hash. */
export const NO_LOCAL_PASSWORD = '!directory';

const directories = new WeakMap<LdapConfig, LdapDirectory>();

/** One client per configuration (the CA file is read once). */
export function directoryFor(config: LdapConfig | null): LdapDirectory | null {
  if (!config) return null;
  let d = directories.get(config);
  if (!d) {
    d = new LdapDirectory(config);
    directories.set(config, d);
  }
  return d;
}

export const isDirectoryDown = (err: unknown): boolean => err instanceof DirectoryUnavailable;

export interface DirectoryAccountDeps {
  db: Executor;
  dialect: DialectName;
  clock: () => number;
}

async function deactivate(deps: DirectoryAccountDeps, user: UserWithHash, reason: string): Promise<void> {
  if (!user.active) return;
  const now = deps.clock();
  await updateUserRow(deps.db, user.id, { active: false }, now);
  await deleteSessionsOfUser(deps.db, user.id);
  await revokeTokensOfUser(deps.db, user.id, now);
  await recordAccountEvent(deps.db, { at: now, userId: user.id, actorUserId: null, type: 'directory.deactivated', detail: reason });
}

async function deactivatedByDirectory(db: Executor, userId: number): Promise<boolean> {
  const last = (await listAccountEvents(db, userId, 10)).find((e) => e.type.endsWith('deactivated') || e.type.endsWith('reactivated'));
  return last?.type === 'directory.deactivated';
}

/**
 * The local account for a directory answer, or an AppError: INVALID_CREDENTIALS (wrong password,
 * unknown, disabled, deactivated here), DIRECTORY_NO_GROUP (in neither configured group).
 */
export async function accountForDirectoryAnswer(deps: DirectoryAccountDeps, username: string, answer: DirectoryAnswer, existing: UserWithHash | null): Promise<UserWithHash> {
  if (answer.kind === 'wrong-password') throw new AppError('INVALID_CREDENTIALS');
  if (answer.kind === 'unknown') {
    if (existing) await deactivate(deps, existing, 'no está en el directorio (o el filtro ya no lo incluye)');
    throw new AppError('INVALID_CREDENTIALS');
  }
  const { person } = answer;
  if (person.disabled) {
    if (existing) await deactivate(deps, existing, 'cuenta deshabilitada en el directorio');
    throw new AppError('INVALID_CREDENTIALS');
  }
  const role: UserRole | null = person.inAdminGroup ? 'admin' : person.inTechnicianGroup ? 'technician' : null;
  if (!role) {
    if (existing) await deactivate(deps, existing, 'no pertenece a ningún grupo de la mesa de ayuda');
    throw new AppError('DIRECTORY_NO_GROUP');
  }
  const now = deps.clock();
  if (!existing) {
    try {
      const id = await createUserRow(deps.db, deps.dialect, { username, passwordHash: NO_LOCAL_PASSWORD, fullName: person.fullName, role, onDuty: true, now, authSource: 'ldap' });
      await recordAccountEvent(deps.db, { at: now, userId: id, actorUserId: null, type: 'directory.created', detail: role });
      return (await findUserWithHashById(deps.db, id))!;
    } catch (err) {
      // The same person signing in twice at once: the other request created the account.
      const raced = await findUserWithHashByUsername(deps.db, username);
      if (!raced) throw err;
      existing = raced;
    }
  }
  if (!existing.active) {
    if (!(await deactivatedByDirectory(deps.db, existing.id))) throw new AppError('INVALID_CREDENTIALS');
    await updateUserRow(deps.db, existing.id, { active: true }, now);
    await recordAccountEvent(deps.db, { at: now, userId: existing.id, actorUserId: null, type: 'directory.reactivated', detail: null });
  }
  if (existing.role !== role || existing.fullName !== person.fullName) {
    await updateUserRow(deps.db, existing.id, { role, fullName: person.fullName }, now);
    if (existing.role !== role) await recordAccountEvent(deps.db, { at: now, userId: existing.id, actorUserId: null, type: 'directory.role_changed', detail: `${existing.role} → ${role}` });
  }
  return (await findUserWithHashById(deps.db, existing.id))!;
}

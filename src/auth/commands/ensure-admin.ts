import type { Executor } from '../../db/database';
import { hashPassword, randomPassword } from '../passwords';
import { insertUser, userExists } from '../users.repository';

/**
 * Creates the `admin` account on first start. Returns the password when one was generated
 * (to print once), null when the admin already existed or the password came from the environment.
 */
export async function ensureAdmin(db: Executor, configuredPassword: string | null, now: number): Promise<{ created: boolean; generatedPassword: string | null }> {
  if (await userExists(db, 'admin')) return { created: false, generatedPassword: null };
  const password = configuredPassword ?? randomPassword();
  await insertUser(db, { username: 'admin', passwordHash: await hashPassword(password), fullName: 'Administrador', role: 'admin', onDuty: false, now });
  return { created: true, generatedPassword: configuredPassword ? null : password };
}

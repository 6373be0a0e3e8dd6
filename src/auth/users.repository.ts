import type { Executor } from '../db/database';
import type { UserRole } from '../db/schema';

export interface NewUser {
  username: string;
  passwordHash: string;
  fullName: string;
  role: UserRole;
  onDuty: boolean;
  now: number;
}

export async function insertUser(db: Executor, u: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({
      username: u.username,
      password_hash: u.passwordHash,
      full_name: u.fullName,
      role: u.role,
      active: 1,
      on_duty: u.onDuty ? 1 : 0,
      telegram_chat_id: null,
      telegram_username: null,
      telegram_linked_at: null,
      password_changed_at: u.now,
      created_at: u.now,
      updated_at: u.now,
    })
    .execute();
}

export async function userExists(db: Executor, username: string): Promise<boolean> {
  const r = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return r !== undefined;
}

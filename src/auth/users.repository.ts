import type { DialectName, Executor } from '../db/database';
import { insertReturningId } from '../db/dialect';
import type { AuthSource, UserRole } from '../db/schema';
import { definedColumns, flag } from '../db/patch-columns';

export interface NewUser {
  username: string;
  passwordHash: string;
  fullName: string;
  role: UserRole;
  onDuty: boolean;
  now: number;
  authSource?: AuthSource;
}

/** A staff account as the rest of the app sees it (never the password hash). */
export interface User {
  id: number;
  username: string;
  fullName: string;
  role: UserRole;
  active: boolean;
  onDuty: boolean;
  telegramLinked: boolean;
  createdAt: number;
  /** `ldap`: signs in with the directory password only. */
  authSource: AuthSource;
  /** A confirmed second factor (TOTP). */
  totpEnabled: boolean;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

const columns = ['id', 'username', 'full_name', 'role', 'active', 'on_duty', 'telegram_chat_id', 'created_at', 'password_hash', 'auth_source', 'totp_enabled_at'] as const;

type Row = {
  id: number;
  username: string;
  full_name: string;
  role: UserRole;
  active: number;
  on_duty: number;
  telegram_chat_id: string | null;
  created_at: number;
  password_hash: string;
  auth_source: AuthSource;
  totp_enabled_at: number | null;
};

const toUser = (r: Row): UserWithHash => ({
  id: r.id,
  username: r.username,
  fullName: r.full_name,
  role: r.role,
  active: Number(r.active) === 1,
  onDuty: Number(r.on_duty) === 1,
  telegramLinked: r.telegram_chat_id !== null,
  createdAt: Number(r.created_at),
  passwordHash: r.password_hash,
  authSource: r.auth_source,
  totpEnabled: r.totp_enabled_at !== null,
});

const withoutHash = ({ passwordHash: _omit, ...user }: UserWithHash): User => user;

function userValues(u: NewUser) {
  return {
    auth_source: u.authSource ?? 'local',
    username: u.username,
    password_hash: u.passwordHash,
    full_name: u.fullName,
    role: u.role,
    active: 1 as const,
    on_duty: u.onDuty ? (1 as const) : (0 as const),
    telegram_chat_id: null,
    telegram_username: null,
    telegram_linked_at: null,
    password_changed_at: u.now,
    created_at: u.now,
    updated_at: u.now,
  };
}

export async function insertUser(db: Executor, u: NewUser): Promise<void> {
  await db.insertInto('users').values(userValues(u)).execute();
}

/** Inserts a user and returns its id. */
export async function createUserRow(db: Executor, dialect: DialectName, u: NewUser): Promise<number> {
  return insertReturningId(db, dialect, 'users', userValues(u));
}

export async function userExists(db: Executor, username: string): Promise<boolean> {
  const r = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return r !== undefined;
}

/** The account with its password hash, for sign-in and password checks. */
export async function findUserWithHashByUsername(db: Executor, username: string): Promise<UserWithHash | null> {
  const r = await db.selectFrom('users').select(columns).where('username', '=', username).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function findUserWithHashById(db: Executor, id: number): Promise<UserWithHash | null> {
  const r = await db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function findUserById(db: Executor, id: number): Promise<User | null> {
  const u = await findUserWithHashById(db, id);
  return u ? withoutHash(u) : null;
}

/** Every account, admins first, then by name. */
export async function listUsers(db: Executor): Promise<User[]> {
  const rows = await db.selectFrom('users').select(columns).orderBy('role', 'asc').orderBy('full_name', 'asc').orderBy('id', 'asc').execute();
  return rows.map((r) => withoutHash(toUser(r)));
}

export async function setPasswordHash(db: Executor, userId: number, passwordHash: string, now: number): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now, updated_at: now }).where('id', '=', userId).execute();
}

export interface UserPatch {
  fullName?: string;
  role?: UserRole;
  active?: boolean;
  onDuty?: boolean;
}

export async function updateUserRow(db: Executor, userId: number, patch: UserPatch, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...definedColumns({ full_name: patch.fullName, role: patch.role, active: flag(patch.active), on_duty: flag(patch.onDuty) }),
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
}

/** Active admins other than `exceptUserId` (to keep at least one). */
export async function countOtherActiveAdmins(db: Executor, exceptUserId: number): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .where('id', '<>', exceptUserId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

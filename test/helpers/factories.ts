/**
 * Factories: build the rows a test needs with sensible defaults (`buildStaff()`), through the
 * same tables the app uses. Unique values come from a counter so tests never collide.
 */
import type { Executor } from '../../src/db/database';
import type { DialectName } from '../../src/db/database';
import { insertReturningId } from '../../src/db/dialect';
import type { UserRole } from '../../src/db/schema';
import { hashPassword } from '../../src/auth/passwords';
import { localYear } from '../../src/directory/local-time';

let counter = 0;
const next = () => ++counter;
const NOW = () => Date.now();

export interface Db {
  db: Executor;
  dialect: DialectName;
}

export async function buildOffice(d: Db, props: { name?: string; parentId?: number | null; active?: boolean; code?: string | null } = {}) {
  const n = next();
  const name = props.name ?? `Oficina de prueba ${n}`;
  const id = await insertReturningId(d.db, d.dialect, 'offices', {
    name,
    code: props.code ?? null,
    parent_id: props.parentId ?? null,
    active: props.active === false ? 0 : 1,
    created_at: NOW(),
    updated_at: NOW(),
  });
  return { id, name };
}

/** A unique, valid-format DNI. */
export function uniqueDni(): string {
  return String(10_000_000 + ((process.pid * 7919 + next() * 104_729) % 89_999_999)).padStart(8, '0');
}

export async function buildStaff(
  d: Db,
  props: { dni?: string; firstName?: string; lastName?: string; phone?: string | null; officeId?: number | null; year?: number; active?: boolean } = {},
) {
  const dni = props.dni ?? uniqueDni();
  const firstName = props.firstName ?? 'Juan Carlos';
  const lastName = props.lastName ?? 'Pérez Rojas';
  const id = await insertReturningId(d.db, d.dialect, 'staff', {
    dni,
    first_name: firstName,
    last_name: lastName,
    phone: props.phone ?? null,
    active: props.active === false ? 0 : 1,
    created_at: NOW(),
    updated_at: NOW(),
  });
  let officeId = props.officeId;
  if (officeId === undefined) officeId = (await buildOffice(d)).id;
  if (officeId !== null) {
    await d.db
      .insertInto('staff_offices')
      .values({ staff_id: id, office_id: officeId, year: props.year ?? localYear(Date.now(), 'America/Lima') })
      .execute();
  }
  return { id, dni, firstName, lastName, officeId };
}

export async function buildCategory(d: Db, props: { name?: string; sortOrder?: number; isOther?: boolean; active?: boolean } = {}) {
  const name = props.name ?? `Categoría ${next()}`;
  const id = await insertReturningId(d.db, d.dialect, 'categories', {
    name,
    sort_order: props.sortOrder ?? 10,
    is_other: props.isOther ? 1 : 0,
    active: props.active === false ? 0 : 1,
    created_at: NOW(),
  });
  return { id, name };
}

export async function buildUser(
  d: Db,
  props: { username?: string; password?: string; fullName?: string; role?: UserRole; onDuty?: boolean; active?: boolean; telegramChatId?: string | null } = {},
) {
  const username = props.username ?? `tecnico${next()}`;
  const password = props.password ?? 'clave-segura-123';
  const id = await insertReturningId(d.db, d.dialect, 'users', {
    username,
    password_hash: await hashPassword(password),
    full_name: props.fullName ?? 'Rosa Quispe Mamani',
    role: props.role ?? 'technician',
    active: props.active === false ? 0 : 1,
    on_duty: props.onDuty === false ? 0 : 1,
    telegram_chat_id: props.telegramChatId ?? null,
    telegram_username: null,
    telegram_linked_at: props.telegramChatId ? NOW() : null,
    password_changed_at: NOW(),
    created_at: NOW(),
    updated_at: NOW(),
  });
  return { id, username, password };
}

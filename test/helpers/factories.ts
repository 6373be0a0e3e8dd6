/**
 * Factories: build the rows a test needs with sensible defaults (`buildStaff()`), through the
 * same tables the app uses. Unique values come from a counter so tests never collide.
 */
import type { Executor } from '../../src/db/database';
import type { DialectName } from '../../src/db/database';
import { insertReturningId } from '../../src/db/dialect';
import type { UserRole } from '../../src/db/schema';
import { hashPassword } from '../../src/auth/passwords';
import { localYear } from '../../src/core/local-time';

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
  props: { dni?: string; firstName?: string; lastName?: string; phone?: string | null; email?: string | null; officeId?: number | null; year?: number; active?: boolean } = {},
) {
  const dni = props.dni ?? uniqueDni();
  const firstName = props.firstName ?? 'Juan Carlos';
  const lastName = props.lastName ?? 'Pérez Rojas';
  const id = await insertReturningId(d.db, d.dialect, 'staff', {
    dni,
    first_name: firstName,
    last_name: lastName,
    phone: props.phone ?? null,
    email: props.email ?? null,
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

/**
 * A staff account. `passwordHash`: a hash made earlier of the same password, for tests that build many
 * accounts (hashing is slow on purpose); by default the password is hashed here.
 */
export async function buildUser(
  d: Db,
  props: { username?: string; password?: string; passwordHash?: string; fullName?: string; role?: UserRole; onDuty?: boolean; active?: boolean; telegramChatId?: string | null } = {},
) {
  const username = props.username ?? `tecnico${next()}`;
  const password = props.password ?? 'clave-segura-123';
  const id = await insertReturningId(d.db, d.dialect, 'users', {
    username,
    password_hash: props.passwordHash ?? (await hashPassword(password)),
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

/** A random valid ticket code (TK- + 8 Crockford base-32 symbols). */
export function uniqueTicketCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let n = next() * 7_919 + process.pid * 104_729 + Math.floor(Math.random() * 1_000_000_000);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out += alphabet[n % 32];
    n = Math.floor(n / 32) + Math.floor(Math.random() * 1_000_000);
  }
  return `TK-${out}`;
}

/**
 * A ticket straight in the table (with its `created` event), waiting unless told otherwise.
 * Makes its own requester, office and category when not given.
 */
export async function buildTicket(
  d: Db,
  props: {
    code?: string;
    staffId?: number;
    officeId?: number;
    categoryId?: number;
    description?: string;
    contactPhone?: string | null;
    status?: 'registered' | 'in_progress' | 'resolved' | 'cancelled';
    assigneeId?: number | null;
    /** Registration time (also the FIFO key). */
    at?: number;
    /** Its priority (its queue lane); normal when absent. */
    priority?: 'critical' | 'high' | 'normal' | 'low';
    /** SLA due instants, as the filing would have computed them (none when absent). */
    firstResponseDueAt?: number | null;
    resolutionDueAt?: number | null;
  } = {},
) {
  const at = props.at ?? NOW();
  let { staffId, officeId } = props;
  if (staffId === undefined) {
    const person = await buildStaff(d, { officeId: officeId ?? undefined });
    staffId = person.id;
    officeId ??= person.officeId ?? undefined;
  }
  officeId ??= (await buildOffice(d)).id;
  const categoryId = props.categoryId ?? (await buildCategory(d)).id;
  const code = props.code ?? uniqueTicketCode();
  const status = props.status ?? 'registered';
  const id = await insertReturningId(d.db, d.dialect, 'tickets', {
    code,
    staff_id: staffId,
    office_id: officeId,
    category_id: categoryId,
    description: props.description ?? 'La impresora de la oficina no imprime desde esta mañana.',
    contact_phone: props.contactPhone ?? null,
    status,
    assignee_id: props.assigneeId ?? null,
    queued_at: at,
    created_at: at,
    updated_at: at,
    first_action_at: status === 'registered' ? null : at,
    resolved_at: status === 'resolved' ? at : null,
    closed_at: status === 'resolved' || status === 'cancelled' ? at : null,
    channel: 'portal',
    lane: ({ critical: 0, high: 1, normal: 2, low: 3 } as const)[props.priority ?? 'normal'],
    first_response_due_at: props.firstResponseDueAt ?? null,
    resolution_due_at: props.resolutionDueAt ?? null,
  });
  await d.db.insertInto('ticket_events').values({ ticket_id: id, type: 'created', from_status: null, to_status: 'registered', actor_user_id: null, channel: 'portal', note: null, at }).execute();
  return { id, code, staffId, officeId: officeId as number, categoryId };
}

/** DNIs of the people with an active office this year (Lima time): those who can file, e.g. in the demo data. */
export async function dnisThatCanFile(db: Executor, limit?: number): Promise<string[]> {
  let q = db
    .selectFrom('staff')
    .innerJoin('staff_offices', 'staff_offices.staff_id', 'staff.id')
    .innerJoin('offices', 'offices.id', 'staff_offices.office_id')
    .select('staff.dni')
    .where('staff_offices.year', '=', localYear(Date.now(), 'America/Lima'))
    .where('offices.active', '=', 1);
  if (limit !== undefined) q = q.limit(limit);
  return (await q.execute()).map((r) => r.dni);
}

/** A Telegram notification of a ticket to a technician, sent (at `createdAt` unless `sentAt` says otherwise). */
export async function buildNotification(
  d: Db,
  props: {
    ticketId: number;
    userId: number;
    linkToken: string;
    createdAt: number;
    kind?: 'new_ticket' | 'reminder';
    sentAt?: number;
    openedAt?: number | null;
    openedVia?: 'link' | 'button' | null;
    actedAt?: number | null;
  },
): Promise<void> {
  await d.db
    .insertInto('notifications')
    .values({
      ticket_id: props.ticketId,
      user_id: props.userId,
      chat_id: null,
      kind: props.kind ?? 'new_ticket',
      channel: 'telegram',
      status: 'sent',
      telegram_message_id: null,
      error: null,
      link_token: props.linkToken,
      created_at: props.createdAt,
      sent_at: props.sentAt ?? props.createdAt,
      opened_at: props.openedAt ?? null,
      opened_via: props.openedVia ?? null,
      acted_at: props.actedAt ?? null,
    })
    .execute();
}

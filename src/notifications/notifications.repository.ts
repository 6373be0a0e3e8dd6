/**
 * SQL for notifications and Telegram: delivery records, recipients, linked chats, one-time link
 * tokens, requester subscriptions, seen update ids and admin notices. Rows become domain objects
 * before they leave this file.
 */
import type { Selectable } from 'kysely';
import type { DialectName, Executor } from '../db/database';
import { insertUnlessDuplicate, skipDuplicate } from '../db/dialect';
import { prepared } from '../db/prepared';
import { placeNames, requesterNames, ticketsWithPeople } from '../db/ticket-joins';
import type { NotificationsTable, SlaNoticesTable, TicketStatus, UserRole } from '../db/schema';
import { purgeBatch } from '../db/purge-batch';

export type NotificationKind = NotificationsTable['kind'];
export type NotificationChannel = NotificationsTable['channel'];

export interface Notification {
  id: number;
  ticketId: number;
  userId: number | null;
  chatId: string | null;
  kind: NotificationKind;
  channel: NotificationChannel;
  status: NotificationsTable['status'];
  telegramMessageId: string | null;
  error: string | null;
  linkToken: string;
  createdAt: number;
  sentAt: number | null;
  openedAt: number | null;
  openedVia: 'link' | 'button' | null;
  actedAt: number | null;
}

type NotificationRow = Selectable<NotificationsTable>;

const toNotification = (r: NotificationRow): Notification => ({
  id: r.id,
  ticketId: r.ticket_id,
  userId: r.user_id,
  chatId: r.chat_id,
  kind: r.kind,
  channel: r.channel,
  status: r.status,
  telegramMessageId: r.telegram_message_id,
  error: r.error,
  linkToken: r.link_token,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  openedAt: r.opened_at,
  openedVia: r.opened_via,
  actedAt: r.acted_at,
});

export interface NewNotification {
  ticketId: number;
  userId: number | null;
  chatId: string | null;
  kind: NotificationKind;
  channel: NotificationChannel;
  linkToken: string;
  now: number;
  /** Web notices are delivered by being written. */
  sent: boolean;
}

const insertNotificationQuery = prepared(
  (
    db,
    ticketId: number,
    userId: number | null,
    chatId: string | null,
    kind: NotificationKind,
    channel: NotificationChannel,
    status: 'sent' | 'pending',
    linkToken: string,
    now: number,
    sentAt: number | null,
  ) => {
    const insert = db.insertInto('notifications').values({
      ticket_id: ticketId,
      user_id: userId,
      chat_id: chatId,
      kind,
      channel,
      status,
      telegram_message_id: null,
      error: null,
      link_token: linkToken,
      created_at: now,
      sent_at: sentAt,
      opened_at: null,
      opened_via: null,
      acted_at: null,
    });
    // MariaDB has no RETURNING: its id comes back as insertId.
    return db.getExecutor().adapter.supportsReturning ? insert.returning('id') : insert;
  },
);

export async function insertNotification(db: Executor, _dialect: DialectName, n: NewNotification): Promise<number> {
  const r = await insertNotificationQuery.execute(db, n.ticketId, n.userId, n.chatId, n.kind, n.channel, n.sent ? 'sent' : 'pending', n.linkToken, n.now, n.sent ? n.now : null);
  return Number((r.rows[0] as { id?: number } | undefined)?.id ?? r.insertId);
}

export async function findNotification(db: Executor, id: number): Promise<Notification | null> {
  const r = await db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toNotification(r) : null;
}

export async function findNotificationByLinkToken(db: Executor, token: string): Promise<Notification | null> {
  const r = await db.selectFrom('notifications').selectAll().where('link_token', '=', token).executeTakeFirst();
  return r ? toNotification(r) : null;
}

export async function listNotificationsOfTicket(db: Executor, ticketId: number): Promise<Notification[]> {
  const rows = await db.selectFrom('notifications').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
  return rows.map(toNotification);
}

/** Whether a ticket already has notifications of this kind created at or after `since`. */
const hasNotificationsQuery = prepared((db, ticketId: number, kind: NotificationKind, since: number) =>
  db.selectFrom('notifications').select('id').where('ticket_id', '=', ticketId).where('kind', '=', kind).where('created_at', '>=', since).limit(1),
);

export async function hasNotifications(db: Executor, ticketId: number, kind: NotificationKind, since = 0): Promise<boolean> {
  return (await hasNotificationsQuery.first(db, ticketId, kind, since)) !== undefined;
}

/**
 * Records a delivery. A notice is delivered once as far as the indicators go: a second delivery
 * (a job run again after a crash) keeps the first `sent_at`, which the metrics rollups rely on.
 */
export async function markSent(db: Executor, id: number, telegramMessageId: string | null, now: number): Promise<void> {
  await db
    .updateTable('notifications')
    .set((eb) => ({ status: 'sent' as const, telegram_message_id: telegramMessageId, sent_at: eb.fn.coalesce('sent_at', eb.val(now)), error: null }))
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Executor, id: number, reason: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'failed', error: reason.slice(0, 500) })
    .where('id', '=', id)
    .where('status', '!=', 'sent')
    .execute();
}

/** Records the last failure of a delivery that will be retried (status stays pending). */
export async function noteDeliveryError(db: Executor, id: number, reason: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ error: reason.slice(0, 500) })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** First opening only: later ones change nothing. */
export async function markOpened(db: Executor, id: number, via: 'link' | 'button', now: number): Promise<void> {
  await db.updateTable('notifications').set({ opened_at: now, opened_via: via }).where('id', '=', id).where('opened_at', 'is', null).execute();
}

/** The technician's first action on the ticket after being told (response time). */
export async function markActed(db: Executor, ticketId: number, userId: number, at: number): Promise<void> {
  await db.updateTable('notifications').set({ acted_at: at }).where('ticket_id', '=', ticketId).where('user_id', '=', userId).where('acted_at', 'is', null).where('created_at', '<=', at).execute();
}

/** Telegram messages already delivered for a ticket (to edit them when it changes). */
export async function listDeliveredMessages(db: Executor, ticketId: number): Promise<Notification[]> {
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('channel', '=', 'telegram')
    .where('status', '=', 'sent')
    .where('user_id', 'is not', null)
    // Only the ticket notices are rendered from the ticket's state; an answer notice keeps its text.
    .where('kind', 'in', ['new_ticket', 'reminder'])
    .where('telegram_message_id', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map(toNotification);
}

export interface WebNotice {
  id: number;
  kind: NotificationKind;
  code: string;
  category: string;
  office: string;
  status: TicketStatus;
  linkToken: string;
  createdAt: number;
  openedAt: number | null;
}

/** A staff user's recent notices for the panel (newest first). */
export async function listNoticesForUser(db: Executor, userId: number, limit: number): Promise<WebNotice[]> {
  const rows = await db
    .selectFrom('notifications')
    .innerJoin('tickets', 'tickets.id', 'notifications.ticket_id')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .innerJoin('offices', 'offices.id', 'tickets.office_id')
    .select(['notifications.id', 'notifications.kind', 'notifications.link_token', 'notifications.created_at', 'notifications.opened_at', 'tickets.code', 'tickets.status', ...placeNames])
    .where('notifications.user_id', '=', userId)
    .where('notifications.kind', 'in', ['new_ticket', 'reminder', 'answer', 'sla_warning', 'sla_breach', 'suggestion'])
    .orderBy('notifications.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    code: r.code,
    category: r.category,
    office: r.office,
    status: r.status,
    linkToken: r.link_token,
    createdAt: r.created_at,
    openedAt: r.opened_at,
  }));
}

// ── suggested incidents, as their notice shows them (issue 19) ────────────────────────────

export interface SuggestionForMessage {
  category: string;
  offices: string[];
  ticketCount: number;
  since: number;
}

export async function findSuggestionForMessage(db: Executor, suggestionId: number): Promise<SuggestionForMessage | null> {
  const r = await db
    .selectFrom('incident_suggestions')
    .innerJoin('categories', 'categories.id', 'incident_suggestions.category_id')
    .select(['incident_suggestions.office_ids', 'incident_suggestions.ticket_count', 'incident_suggestions.since', 'categories.name as category'])
    .where('incident_suggestions.id', '=', suggestionId)
    .executeTakeFirst();
  if (!r) return null;
  const ids = r.office_ids === '' ? [] : r.office_ids.split(',').map(Number);
  const offices = ids.length ? await db.selectFrom('offices').select(['id', 'name']).where('id', 'in', ids).execute() : [];
  return {
    category: r.category,
    offices: ids.map((id) => offices.find((o) => o.id === id)?.name).filter((n): n is string => n !== undefined),
    ticketCount: Number(r.ticket_count),
    since: Number(r.since),
  };
}

// ── tickets, as a message shows them ─────────────────────────────────────────────────────────

export interface TicketForMessage {
  id: number;
  code: string;
  status: TicketStatus;
  category: string;
  office: string;
  requesterFirstName: string;
  requesterLastName: string;
  createdAt: number;
  queuedAt: number;
  assigneeId: number | null;
  assigneeName: string | null;
  /** How many files the ticket has (its own, its notes' and messages'); the message says so. */
  attachmentCount: number;
  lane: number;
  firstActionAt: number | null;
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
  /** The major incident it is a child of (issue 19), if any: out of the queue. */
  incidentId: number | null;
}

const ticketForMessageQuery = prepared((db, ticketId: number) =>
  ticketsWithPeople(db)
    .select([
      'tickets.id',
      'tickets.code',
      'tickets.status',
      'tickets.created_at',
      'tickets.queued_at',
      'tickets.assignee_id',
      'tickets.lane',
      'tickets.first_action_at',
      'tickets.first_response_due_at',
      'tickets.resolution_due_at',
      'tickets.incident_id',
      ...placeNames,
      ...requesterNames,
      'users.full_name as assigneeName',
      (eb) => eb.selectFrom('attachments').select(eb.fn.countAll().as('n')).whereRef('attachments.ticket_id', '=', 'tickets.id').as('attachmentCount'),
    ])
    .where('tickets.id', '=', ticketId),
);

export async function findTicketForMessage(db: Executor, ticketId: number): Promise<TicketForMessage | null> {
  const r = await ticketForMessageQuery.first(db, ticketId);
  if (!r) return null;
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    category: r.category,
    office: r.office,
    requesterFirstName: r.first_name,
    requesterLastName: r.last_name,
    createdAt: r.created_at,
    queuedAt: r.queued_at,
    assigneeId: r.assignee_id,
    assigneeName: r.assigneeName ?? null,
    attachmentCount: Number(r.attachmentCount ?? 0),
    lane: Number(r.lane),
    firstActionAt: r.first_action_at === null ? null : Number(r.first_action_at),
    firstResponseDueAt: r.first_response_due_at === null ? null : Number(r.first_response_due_at),
    resolutionDueAt: r.resolution_due_at === null ? null : Number(r.resolution_due_at),
    incidentId: r.incident_id ?? null,
  };
}

export async function ticketCodeById(db: Executor, ticketId: number): Promise<string | null> {
  const r = await db.selectFrom('tickets').select('code').where('id', '=', ticketId).executeTakeFirst();
  return r?.code ?? null;
}

export async function ticketIdForCode(db: Executor, code: string): Promise<number | null> {
  const r = await db.selectFrom('tickets').select('id').where('code', '=', code).executeTakeFirst();
  return r?.id ?? null;
}

/**
 * Tickets still waiting in the queue that were queued at or before `cutoff` (candidates for a
 * reminder). Children of a major incident are not in the queue, and would crowd real tickets out.
 */
export async function listWaitingSince(db: Executor, cutoff: number, limit: number): Promise<{ id: number; queuedAt: number }[]> {
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'queued_at'])
    .where('status', '=', 'registered')
    .where('queued_at', '<=', cutoff)
    .where('incident_id', 'is', null)
    .orderBy('queued_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, queuedAt: r.queued_at }));
}

// ── technicians and their chats ──────────────────────────────────────────────────────────────

export interface Recipient {
  userId: number;
  fullName: string;
  role: UserRole;
  chatId: string | null;
}

/** Active staff users on duty, by id (the order of "next in turn"). */
const onDutyUsersQuery = prepared((db) => db.selectFrom('users').select(['id', 'full_name', 'role', 'telegram_chat_id']).where('active', '=', 1).where('on_duty', '=', 1).orderBy('id'));

export async function listOnDutyUsers(db: Executor): Promise<Recipient[]> {
  const rows = await onDutyUsersQuery.rows(db);
  return rows.map((r) => ({ userId: r.id, fullName: r.full_name, role: r.role, chatId: r.telegram_chat_id }));
}

/** Who got the last new-ticket or reminder notice (round robin continues after them). */
export async function lastNotifiedUserId(db: Executor): Promise<number | null> {
  const r = await db.selectFrom('notifications').select('user_id').where('kind', 'in', ['new_ticket', 'reminder']).where('user_id', 'is not', null).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r?.user_id ?? null;
}

export interface LinkedUser {
  userId: number;
  fullName: string;
  role: UserRole;
  active: boolean;
  chatId: string | null;
  linkedAt: number | null;
}

export async function findUserForTelegram(db: Executor, userId: number): Promise<LinkedUser | null> {
  const r = await db.selectFrom('users').select(['id', 'full_name', 'role', 'active', 'telegram_chat_id', 'telegram_linked_at']).where('id', '=', userId).executeTakeFirst();
  return r ? { userId: r.id, fullName: r.full_name, role: r.role, active: r.active === 1, chatId: r.telegram_chat_id, linkedAt: r.telegram_linked_at } : null;
}

export async function findUserByChat(db: Executor, chatId: string): Promise<LinkedUser | null> {
  const r = await db.selectFrom('users').select(['id', 'full_name', 'role', 'active', 'telegram_chat_id', 'telegram_linked_at']).where('telegram_chat_id', '=', chatId).executeTakeFirst();
  return r ? { userId: r.id, fullName: r.full_name, role: r.role, active: r.active === 1, chatId: r.telegram_chat_id, linkedAt: r.telegram_linked_at } : null;
}

/** Links a chat to a user; a chat belongs to one user, so anyone else linked to it is unlinked. */
export async function linkChat(db: Executor, userId: number, chatId: string, username: string | null, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ telegram_chat_id: null, telegram_username: null, telegram_linked_at: null, updated_at: now })
    .where('telegram_chat_id', '=', chatId)
    .where('id', '!=', userId)
    .execute();
  await db.updateTable('users').set({ telegram_chat_id: chatId, telegram_username: username, telegram_linked_at: now, updated_at: now }).where('id', '=', userId).execute();
}

export async function unlinkUser(db: Executor, userId: number, now: number): Promise<void> {
  await db.updateTable('users').set({ telegram_chat_id: null, telegram_username: null, telegram_linked_at: null, updated_at: now }).where('id', '=', userId).execute();
}

/** Unlinks whoever uses this chat; returns who that was. */
export async function unlinkChat(db: Executor, chatId: string, now: number): Promise<LinkedUser | null> {
  const user = await findUserByChat(db, chatId);
  if (user) await unlinkUser(db, user.userId, now);
  return user;
}

// ── one-time link tokens ─────────────────────────────────────────────────────────────────────

export async function insertLinkToken(db: Executor, t: { tokenHash: string; kind: 'user' | 'ticket'; userId: number | null; ticketId: number | null; expiresAt: number; now: number }): Promise<void> {
  await db.insertInto('link_tokens').values({ token_hash: t.tokenHash, kind: t.kind, user_id: t.userId, ticket_id: t.ticketId, expires_at: t.expiresAt, used_at: null, created_at: t.now }).execute();
}

/** Uses a token once: null when unknown, expired or already used (a concurrent use loses). */
export async function consumeLinkToken(db: Executor, tokenHash: string, now: number): Promise<{ kind: 'user' | 'ticket'; userId: number | null; ticketId: number | null } | null> {
  const r = await db.updateTable('link_tokens').set({ used_at: now }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  const row = await db.selectFrom('link_tokens').select(['kind', 'user_id', 'ticket_id']).where('token_hash', '=', tokenHash).executeTakeFirstOrThrow();
  return { kind: row.kind, userId: row.user_id, ticketId: row.ticket_id };
}

/**
 * Deletes link tokens that expired before `before` (used or not: after its expiry a token links
 * nothing), at most `limit` per call (issue 13, finding 11: each "Seguir por Telegram" press adds one).
 */
export async function purgeExpiredLinkTokens(db: Executor, before: number, limit: number): Promise<number> {
  return purgeBatch(db, { table: 'link_tokens', key: 'token_hash', where: [['expires_at', '<', before]], limit });
}

// ── requester subscriptions ──────────────────────────────────────────────────────────────────

export async function subscribeChat(db: Executor, dialect: DialectName, ticketId: number, chatId: string, now: number): Promise<void> {
  const insert = db.insertInto('ticket_subscriptions').values({ ticket_id: ticketId, chat_id: chatId, created_at: now });
  await insertUnlessDuplicate(db, skipDuplicate(db, insert, ['ticket_id', 'chat_id']).executeTakeFirstOrThrow());
}

export async function listSubscribedChats(db: Executor, ticketId: number): Promise<string[]> {
  const rows = await db.selectFrom('ticket_subscriptions').select('chat_id').where('ticket_id', '=', ticketId).orderBy('id').execute();
  return rows.map((r) => r.chat_id);
}

export async function unsubscribeChat(db: Executor, chatId: string): Promise<void> {
  await db.deleteFrom('ticket_subscriptions').where('chat_id', '=', chatId).execute();
}

// ── incoming updates ─────────────────────────────────────────────────────────────────────────

/** Remembers an update id; false when it was seen before (Telegram resends what it waited on). */
export async function rememberUpdate(db: Executor, dialect: DialectName, updateId: number, now: number): Promise<boolean> {
  const insert = db.insertInto('telegram_updates').values({ update_id: updateId, received_at: now });
  return insertUnlessDuplicate(db, skipDuplicate(db, insert, ['update_id']).executeTakeFirstOrThrow());
}

/**
 * Forgets up to `limit` update ids received before `before`; returns how many
 * (`telegram_updates_received_idx`).
 */
export async function purgeRememberedUpdates(db: Executor, before: number, limit: number): Promise<number> {
  return purgeBatch(db, { table: 'telegram_updates', key: 'update_id', where: [['received_at', '<', before]], limit });
}

// ── admin notices ────────────────────────────────────────────────────────────────────────────

export interface AdminNotice {
  id: number;
  kind: string;
  message: string;
  createdAt: number;
}

export async function insertAdminNotice(db: Executor, kind: string, message: string, now: number): Promise<void> {
  await db
    .insertInto('admin_notices')
    .values({ kind, message: message.slice(0, 1000), created_at: now, read_at: null })
    .execute();
}

export async function listUnreadAdminNotices(db: Executor, limit: number): Promise<AdminNotice[]> {
  const rows = await db.selectFrom('admin_notices').select(['id', 'kind', 'message', 'created_at']).where('read_at', 'is', null).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, message: r.message, createdAt: r.created_at }));
}

export async function markAdminNoticeRead(db: Executor, id: number, now: number): Promise<void> {
  await db.updateTable('admin_notices').set({ read_at: now }).where('id', '=', id).where('read_at', 'is', null).execute();
}

// ── service-level notices ─────────────────────────────────────────────────────────────────────

/** The SLA notices a ticket already had. */
export async function listSentSlaNotices(db: Executor, ticketId: number): Promise<Set<SlaNoticesTable['kind']>> {
  const rows = await db.selectFrom('sla_notices').select('kind').where('ticket_id', '=', ticketId).execute();
  return new Set(rows.map((r) => r.kind));
}

/** Records an SLA notice; false when it was already recorded (another worker, a rerun): then send nothing. */
export async function recordSlaNotice(db: Executor, ticketId: number, kind: SlaNoticesTable['kind'], now: number): Promise<boolean> {
  return insertUnlessDuplicate(db, skipDuplicate(db, db.insertInto('sla_notices').values({ ticket_id: ticketId, kind, created_at: now }), ['ticket_id', 'kind']).executeTakeFirst());
}

/** Active admins (who hear about breaches), with their Telegram chat. */
export async function listActiveAdmins(db: Executor): Promise<Recipient[]> {
  const rows = await db.selectFrom('users').select(['id', 'full_name', 'role', 'telegram_chat_id']).where('active', '=', 1).where('role', '=', 'admin').orderBy('id').execute();
  return rows.map((r) => ({ userId: r.id, fullName: r.full_name, role: r.role, chatId: r.telegram_chat_id }));
}

/**
 * SQL for tickets and their events. Rows become domain objects before they leave this file.
 */
import type { DialectName, Executor } from '../db/database';
import { forUpdateSkipLocked } from '../db/dialect';
import { prepared } from '../db/prepared';
import { placeNames, ticketsWithAssignee } from '../db/ticket-joins';
import type { ExpressionBuilder } from 'kysely';
import type { Channel, DB, TicketEventType, TicketPriority, TicketStatus } from '../db/schema';
import { priorityOfLane } from './priority';

export interface TicketSummary {
  id: number;
  code: string;
  status: TicketStatus;
  description: string;
  category: string;
  office: string;
  queuedAt: number;
  createdAt: number;
  updatedAt: number;
  /** When it was resolved or cancelled (null while open): the requester's answer/reopen window. */
  closedAt: number | null;
  assigneeFullName: string | null;
  priority: TicketPriority;
  /** The major incident it is a child of (null = not linked). */
  incidentId: number | null;
}

export interface TicketEvent {
  id: number;
  type: TicketEventType;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  note: string | null;
  channel: Channel;
  actorName: string | null;
  at: number;
  /** A `priority_changed` event: from which priority to which. */
  fromPriority: TicketPriority | null;
  toPriority: TicketPriority | null;
}

export interface NewTicket {
  code: string;
  staffId: number;
  officeId: number;
  categoryId: number;
  description: string;
  contactPhone: string | null;
  channel: Channel;
  /** The equipment concerned (equipment/), or null. */
  assetId?: number | null;
  /** The queue lane of its priority (tickets/priority.ts). */
  lane: number;
  /** SLA due instants (null: no target). */
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
  now: number;
}

const insertTicketQuery = prepared(
  (
    db,
    code: string,
    staffId: number,
    officeId: number,
    categoryId: number,
    description: string,
    contactPhone: string | null,
    channel: Channel,
    now: number,
    assetId: number | null,
    lane: number,
    firstResponseDueAt: number | null,
    resolutionDueAt: number | null,
  ) => {
    const insert = db.insertInto('tickets').values({
      code,
      staff_id: staffId,
      office_id: officeId,
      category_id: categoryId,
      description,
      contact_phone: contactPhone,
      status: 'registered',
      assignee_id: null,
      queued_at: now,
      created_at: now,
      updated_at: now,
      first_action_at: null,
      resolved_at: null,
      closed_at: null,
      channel,
      asset_id: assetId,
      lane,
      first_response_due_at: firstResponseDueAt,
      resolution_due_at: resolutionDueAt,
    });
    // MariaDB has no RETURNING: its id comes back as insertId.
    return db.getExecutor().adapter.supportsReturning ? insert.returning('id') : insert;
  },
);

/** Inserts a new ticket and returns its id. */
export async function insertTicketRow(db: Executor, _dialect: DialectName, t: NewTicket): Promise<number> {
  const r = await insertTicketQuery.execute(
    db,
    t.code,
    t.staffId,
    t.officeId,
    t.categoryId,
    t.description,
    t.contactPhone,
    t.channel,
    t.now,
    t.assetId ?? null,
    t.lane,
    t.firstResponseDueAt,
    t.resolutionDueAt,
  );
  return Number((r.rows[0] as { id?: number } | undefined)?.id ?? r.insertId);
}

export interface NewTicketEvent {
  ticketId: number;
  type: TicketEventType;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  actorUserId: number | null;
  channel: Channel;
  note: string | null;
  at: number;
  fromPriority?: TicketPriority | null;
  toPriority?: TicketPriority | null;
}

const insertEventQuery = prepared(
  (
    db,
    ticketId: number,
    type: TicketEventType,
    fromStatus: TicketStatus | null,
    toStatus: TicketStatus | null,
    actorUserId: number | null,
    channel: Channel,
    note: string | null,
    at: number,
    fromPriority: TicketPriority | null,
    toPriority: TicketPriority | null,
  ) => {
    const insert = db
      .insertInto('ticket_events')
      .values({ ticket_id: ticketId, type, from_status: fromStatus, to_status: toStatus, actor_user_id: actorUserId, channel, note, at, from_priority: fromPriority, to_priority: toPriority });
    // MariaDB has no RETURNING: its id comes back as insertId.
    return db.getExecutor().adapter.supportsReturning ? insert.returning('id') : insert;
  },
);

/** Inserts a timeline row and returns its id (a note's attachments point at it). */
export async function insertTicketEvent(db: Executor, e: NewTicketEvent): Promise<number> {
  const r = await insertEventQuery.execute(db, e.ticketId, e.type, e.fromStatus, e.toStatus, e.actorUserId, e.channel, e.note, e.at, e.fromPriority ?? null, e.toPriority ?? null);
  return Number((r.rows[0] as { id?: number } | undefined)?.id ?? r.insertId);
}

/** Row lock on a person (PostgreSQL, MariaDB) so their concurrent filings run one at a time. */
export async function lockStaffRow(db: Executor, staffId: number): Promise<void> {
  await db.selectFrom('staff').select('id').where('id', '=', staffId).forUpdate().execute();
}

const lastTicketTimeQuery = prepared((db, staffId: number) => db.selectFrom('tickets').select('created_at').where('staff_id', '=', staffId).orderBy('created_at', 'desc').limit(1));

/** When this person last filed a ticket (for the flood guard). */
export async function lastTicketTimeForStaff(db: Executor, staffId: number): Promise<number | null> {
  const r = await lastTicketTimeQuery.first(db, staffId);
  return r ? r.created_at : null;
}

/** A ticket with its category, office and assignee names (the rows behind `TicketSummary`). */
const ticketSummaryRows = (db: Executor) =>
  ticketsWithAssignee(db).select([
    'tickets.id',
    'tickets.code',
    'tickets.status',
    'tickets.description',
    'tickets.queued_at',
    'tickets.created_at',
    'tickets.updated_at',
    'tickets.closed_at',
    'tickets.lane',
    'tickets.incident_id',
    ...placeNames,
    'users.full_name as assigneeFullName',
  ]);

type TicketSummaryRow = Awaited<ReturnType<ReturnType<typeof ticketSummaryRows>['executeTakeFirstOrThrow']>>;

const toTicketSummary = (r: TicketSummaryRow): TicketSummary => ({
  id: r.id,
  code: r.code,
  status: r.status,
  description: r.description,
  category: r.category,
  office: r.office,
  queuedAt: r.queued_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  closedAt: r.closed_at === null ? null : Number(r.closed_at),
  assigneeFullName: r.assigneeFullName ?? null,
  priority: priorityOfLane(Number(r.lane)),
  incidentId: r.incident_id ?? null,
});

const ticketSummaryQuery = prepared((db, code: string) => ticketSummaryRows(db).where('tickets.code', '=', code));

export async function findTicketSummaryByCode(db: Executor, code: string): Promise<TicketSummary | null> {
  const r = await ticketSummaryQuery.first(db, code);
  return r ? toTicketSummary(r) : null;
}

/** A status change as the public timeline shows it (no actor, no channel); for an incident line, the incident's title. */
export type PublicTicketEvent = Pick<TicketEvent, 'type' | 'toStatus' | 'note' | 'at'> & { incidentTitle?: string | null };

// The public tracking view in one statement: the ticket with its status changes and its incident
// lines (joined, linked, unlinked), one row per event (a ticket always has at least its
// "registered" event; the LEFT JOIN keeps it if not).
const publicTicketQuery = prepared((db, code: string) =>
  ticketSummaryRows(db)
    .leftJoin('ticket_events', (join) =>
      join
        .onRef('ticket_events.ticket_id', '=', 'tickets.id')
        .on((eb) => eb.or([eb.and([eb('ticket_events.to_status', 'is not', null), eb('ticket_events.type', '<>', 'note')]), eb('ticket_events.incident_id', 'is not', null)])),
    )
    .leftJoin('incidents as event_incident', 'event_incident.id', 'ticket_events.incident_id')
    .select([
      'ticket_events.type as eventType',
      'ticket_events.to_status as eventToStatus',
      'ticket_events.note as eventNote',
      'ticket_events.at as eventAt',
      'event_incident.title as eventIncidentTitle',
    ])
    .where('tickets.code', '=', code)
    .orderBy('ticket_events.at', 'asc')
    .orderBy('ticket_events.id', 'asc'),
);

/** A ticket and its status changes in time order, for the public tracking view (null: unknown). */
export async function findPublicTicketByCode(db: Executor, code: string): Promise<{ ticket: TicketSummary; events: PublicTicketEvent[] } | null> {
  const rows = await publicTicketQuery.rows(db, code);
  const r = rows[0];
  if (!r) return null;
  const events: PublicTicketEvent[] = [];
  for (const e of rows) {
    if (e.eventType !== null && e.eventAt !== null) events.push({ type: e.eventType, toStatus: e.eventToStatus, note: e.eventNote, at: e.eventAt, incidentTitle: e.eventIncidentTitle ?? null });
  }
  return { ticket: toTicketSummary(r), events };
}

const ticketEventsQuery = prepared((db, ticketId: number) =>
  db
    .selectFrom('ticket_events')
    .leftJoin('users', 'users.id', 'ticket_events.actor_user_id')
    .select([
      'ticket_events.id',
      'ticket_events.type',
      'ticket_events.from_status',
      'ticket_events.to_status',
      'ticket_events.note',
      'ticket_events.channel',
      'ticket_events.at',
      'ticket_events.from_priority',
      'ticket_events.to_priority',
      'users.full_name as actorName',
    ])
    .where('ticket_events.ticket_id', '=', ticketId)
    .orderBy('ticket_events.at', 'asc')
    .orderBy('ticket_events.id', 'asc'),
);

export async function listTicketEvents(db: Executor, ticketId: number): Promise<TicketEvent[]> {
  const rows = await ticketEventsQuery.rows(db, ticketId);
  return rows.map((r) => ({
    id: Number(r.id),
    type: r.type,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    note: r.note,
    channel: r.channel,
    actorName: r.actorName ?? null,
    at: r.at,
    fromPriority: r.from_priority ?? null,
    toPriority: r.to_priority ?? null,
  }));
}

// ── The queue's order, written once ─────────────────────────────────────────────────────────
// The queue, take-next, strict FIFO and a ticket's place all serve waiting tickets in this order:
// lane (critical, high, normal, low), then FIFO (queued_at, id) inside the lane — the order of the
// index (status, lane, queued_at, id). A rule that takes tickets out of the queue goes here too.

/** A place in the queue: what the queue order compares. */
export interface QueuePlace {
  lane: number;
  queuedAt: number;
  id: number;
}

/** Waiting tickets, in the order the queue serves them (callers add their columns). */
export function waitingTicketsInQueueOrder(db: Executor) {
  return (
    db
      .selectFrom('tickets')
      .where('tickets.status', '=', 'registered')
      // A major incident's children are handled through the incident, not one by one (issue 19).
      .where('tickets.incident_id', 'is', null)
      .orderBy('tickets.lane', 'asc')
      .orderBy('tickets.queued_at', 'asc')
      .orderBy('tickets.id', 'asc')
  );
}

/** Waiting tickets served before `place` (`before`) or after it (`after`), as a where-clause. */
export function queuedRelativeTo(eb: ExpressionBuilder<DB, 'tickets'>, place: QueuePlace, side: 'before' | 'after') {
  const op = side === 'before' ? '<' : '>';
  return eb.or([
    eb('tickets.lane', op, place.lane),
    eb.and([eb('tickets.lane', '=', place.lane), eb.or([eb('tickets.queued_at', op, place.queuedAt), eb.and([eb('tickets.queued_at', '=', place.queuedAt), eb('tickets.id', op, place.id)])])]),
  ]);
}

const queuePositionQuery = prepared((db, lane: number, queuedAt: number, id: number) =>
  db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tickets.status', '=', 'registered')
    .where('tickets.incident_id', 'is', null)
    .where((eb) => queuedRelativeTo(eb, { lane, queuedAt, id }, 'before')),
);

/** 1-based place in the queue of a waiting ticket (same order as "take next": lanes, then FIFO). */
export async function queuePosition(db: Executor, place: QueuePlace): Promise<number> {
  const r = await queuePositionQuery.first(db, place.lane, place.queuedAt, place.id);
  return Number(r?.n ?? 0) + 1;
}

export interface PersonTicket {
  code: string;
  category: string;
  status: TicketStatus;
  createdAt: number;
  updatedAt: number;
}

export async function listTicketsForStaff(db: Executor, staffId: number, limit: number): Promise<PersonTicket[]> {
  const rows = await db
    .selectFrom('tickets')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .select(['tickets.code', 'categories.name as category', 'tickets.status', 'tickets.created_at', 'tickets.updated_at'])
    .where('tickets.staff_id', '=', staffId)
    .orderBy('tickets.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ code: r.code, category: r.category, status: r.status, createdAt: r.created_at, updatedAt: r.updated_at }));
}

// ── The technicians' workspace: locking and guarded status changes ──────────────────────────

/** What a command needs to decide on a ticket. */
export interface TicketState {
  id: number;
  code: string;
  status: TicketStatus;
  assigneeId: number | null;
  assigneeFullName: string | null;
  queuedAt: number;
  firstActionAt: number | null;
  closedAt: number | null;
  /** Set while the ticket is `waiting`: since when. */
  waitingSince: number | null;
  lane: number;
  priority: TicketPriority;
  categoryId: number;
  createdAt: number;
  resolvedAt: number | null;
}

export type TicketRef = { code: string } | { ticketId: number };

/**
 * Reads a ticket's state; inside a transaction on PostgreSQL and MariaDB it also locks the row
 * (`FOR UPDATE`), so the decision taken on it holds until commit. SQLite serializes writers.
 */
export async function findTicketState(db: Executor, dialect: DialectName, ref: TicketRef, lock: boolean): Promise<TicketState | null> {
  let q = db.selectFrom('tickets').select(['id', 'code', 'status', 'assignee_id', 'queued_at', 'first_action_at', 'closed_at', 'waiting_since', 'lane', 'category_id', 'created_at', 'resolved_at']);
  q = 'code' in ref ? q.where('code', '=', ref.code) : q.where('id', '=', ref.ticketId);
  if (lock && dialect !== 'sqlite') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) return null;
  // The assignee's name is read apart: a join would lock the user row too.
  const assignee = r.assignee_id === null ? null : await db.selectFrom('users').select('full_name').where('id', '=', r.assignee_id).executeTakeFirst();
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    assigneeId: r.assignee_id,
    assigneeFullName: assignee?.full_name ?? null,
    queuedAt: r.queued_at,
    firstActionAt: r.first_action_at,
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    waitingSince: r.waiting_since === null ? null : Number(r.waiting_since),
    lane: Number(r.lane),
    priority: priorityOfLane(Number(r.lane)),
    categoryId: r.category_id,
    createdAt: Number(r.created_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
  };
}

/**
 * The first waiting ticket in queue order (highest lane, oldest in it) not locked by another
 * transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL and MariaDB), walking the
 * `tickets_waiting_queue_idx` index (status, incident_id, lane, queued_at, id).
 */
export async function claimOldestWaitingTicket(db: Executor, dialect: DialectName): Promise<{ id: number; code: string } | null> {
  const q = waitingTicketsInQueueOrder(db).select(['tickets.id', 'tickets.code']).limit(1);
  const r = await forUpdateSkipLocked(q, dialect).executeTakeFirst();
  return r ?? null;
}

/** True when no waiting ticket comes before this one in the queue order (strict FIFO's test). */
export async function isOldestWaiting(db: Executor, ticket: QueuePlace): Promise<boolean> {
  return (await queuePosition(db, ticket)) === 1;
}

/** The guard of every status change: updates only if the ticket is still as the caller saw it. */
export interface TicketGuard {
  id: number;
  status: TicketStatus;
  /** When given, the ticket must still have this assignee (null = nobody). */
  assigneeId?: number | null;
}

export interface TicketChange {
  status?: TicketStatus;
  assigneeId?: number | null;
  updatedAt: number;
  /** Set only when still empty (the first technician action). */
  firstActionAt?: number;
  resolvedAt?: number | null;
  closedAt?: number | null;
  /** Entering `waiting`: now; leaving it: null. */
  waitingSince?: number | null;
  /** Leaving `waiting`: the wait just ended, added to `waiting_ms`. */
  addWaitingMs?: number;
  /** A new priority: its queue lane. */
  lane?: number;
  /** Recomputed SLA due instants (null: paused or no target). */
  firstResponseDueAt?: number | null;
  resolutionDueAt?: number | null;
  /** Resolving: registration → resolution in business minutes; reopening: null. */
  resolutionBusinessMinutes?: number | null;
}

/** Applies a change if the guard still holds; returns false when someone else changed it first. */
export async function updateTicketIf(db: Executor, guard: TicketGuard, change: TicketChange): Promise<boolean> {
  let q = db
    .updateTable('tickets')
    .set((eb) => ({
      updated_at: change.updatedAt,
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.assigneeId !== undefined ? { assignee_id: change.assigneeId } : {}),
      ...(change.firstActionAt !== undefined ? { first_action_at: eb.fn.coalesce('first_action_at', eb.val(change.firstActionAt)) } : {}),
      ...(change.resolvedAt !== undefined ? { resolved_at: change.resolvedAt } : {}),
      ...(change.closedAt !== undefined ? { closed_at: change.closedAt } : {}),
      ...(change.waitingSince !== undefined ? { waiting_since: change.waitingSince } : {}),
      ...(change.addWaitingMs !== undefined ? { waiting_ms: eb('waiting_ms', '+', change.addWaitingMs) } : {}),
      ...(change.lane !== undefined ? { lane: change.lane } : {}),
      ...(change.firstResponseDueAt !== undefined ? { first_response_due_at: change.firstResponseDueAt } : {}),
      ...(change.resolutionDueAt !== undefined ? { resolution_due_at: change.resolutionDueAt } : {}),
      ...(change.resolutionBusinessMinutes !== undefined ? { resolution_business_minutes: change.resolutionBusinessMinutes } : {}),
    }))
    .where('id', '=', guard.id)
    .where('status', '=', guard.status);
  if (guard.assigneeId !== undefined) {
    q = guard.assigneeId === null ? q.where('assignee_id', 'is', null) : q.where('assignee_id', '=', guard.assigneeId);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** An active staff user who can be given tickets. */
export async function findActiveUser(db: Executor, userId: number): Promise<{ id: number; fullName: string } | null> {
  const r = await db.selectFrom('users').select(['id', 'full_name']).where('id', '=', userId).where('active', '=', 1).executeTakeFirst();
  return r ? { id: r.id, fullName: r.full_name } : null;
}

/** A work-log entry: bumps `updated_at` and marks the first action if there was none. */
export async function touchTicket(db: Executor, ticketId: number, now: number): Promise<void> {
  await db
    .updateTable('tickets')
    .set((eb) => ({ updated_at: now, first_action_at: eb.fn.coalesce('first_action_at', eb.val(now)) }))
    .where('id', '=', ticketId)
    .execute();
}

/** A ticket's status changes in time order (the SLA clock's pauses come from them). */
export async function listStatusChanges(db: Executor, ticketId: number): Promise<{ at: number; from: TicketStatus | null; to: TicketStatus | null }[]> {
  const rows = await db
    .selectFrom('ticket_events')
    .select(['at', 'from_status', 'to_status'])
    .where('ticket_id', '=', ticketId)
    .where('to_status', 'is not', null)
    .orderBy('at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map((r) => ({ at: Number(r.at), from: r.from_status, to: r.to_status }));
}

/** Stores recomputed SLA due instants. */
export async function setDueTimes(db: Executor, ticketId: number, due: { firstResponseDueAt: number | null; resolutionDueAt: number | null }): Promise<void> {
  await db.updateTable('tickets').set({ first_response_due_at: due.firstResponseDueAt, resolution_due_at: due.resolutionDueAt }).where('id', '=', ticketId).execute();
}

/** Open tickets (not resolved or cancelled), a page at a time by id: what a calendar change recomputes. */
export async function listOpenTicketIds(db: Executor, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('tickets').select('id').where('status', 'in', ['registered', 'in_progress', 'waiting']).where('id', '>', afterId).orderBy('id', 'asc').limit(limit).execute();
  return rows.map((r) => r.id);
}

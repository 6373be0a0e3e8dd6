/**
 * SQL of the technicians' lists: the FIFO queue, "my tickets", the filtered search, a ticket's
 * full staff view, and the cheap queue signature live pages poll. Keyset pagination only, on the
 * indexes of the initial migration: (status, queued_at, id) for the queue, (created_at, id) and
 * (office_id|category_id, created_at) for the search.
 */
import { sql } from 'kysely';
import type { DialectName, Executor } from '../db/database';
import { containsIgnoringCase } from '../db/dialect';
import { prepared } from '../db/prepared';
import { placeNames, requesterNames, ticketsWithPeople, ticketsWithRequester } from '../db/ticket-joins';
import type { Channel, TicketPriority, TicketStatus } from '../db/schema';
import { priorityOfLane } from './priority';
import { queuedRelativeTo, waitingTicketsInQueueOrder, type QueuePlace } from './tickets.repository';

export interface WaitingTicket {
  id: number;
  /** A waiting ticket is registered (and so never resolved or closed). */
  status: 'registered';
  code: string;
  category: string;
  categoryId: number;
  office: string;
  description: string;
  queuedAt: number;
  createdAt: number;
  lane: number;
  priority: TicketPriority;
  /** Set when someone acted on it before (a ticket released back to the queue). */
  firstActionAt: number | null;
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
}

/** Position after which a page starts: the last row of the previous page. */
export type QueueKey = QueuePlace;

const WAITING_COLUMNS = [
  'tickets.id',
  'tickets.code',
  'tickets.description',
  'tickets.queued_at',
  'tickets.created_at',
  'tickets.category_id',
  'tickets.office_id',
  'tickets.lane',
  'tickets.first_action_at',
  'tickets.first_response_due_at',
  'tickets.resolution_due_at',
] as const;

/**
 * The page is chosen on the queue index first and only then joined: given the joins at once,
 * MariaDB's planner started from the offices or categories table and sorted every waiting ticket
 * (0.6 s for one page at 200k tickets; 0.3 ms this way).
 */
function joinedWaitingPage(db: Executor, page: ReturnType<typeof waitingTicketsInQueueOrder>, limit: number) {
  return db
    .selectFrom(page.select(WAITING_COLUMNS).limit(limit).as('t'))
    .innerJoin('categories', 'categories.id', 't.category_id')
    .innerJoin('offices', 'offices.id', 't.office_id')
    .select([
      't.id',
      't.code',
      't.description',
      't.queued_at',
      't.created_at',
      't.category_id',
      't.lane',
      't.first_action_at',
      't.first_response_due_at',
      't.resolution_due_at',
      'categories.name as category',
      'offices.name as office',
    ])
    .orderBy('t.lane', 'asc')
    .orderBy('t.queued_at', 'asc')
    .orderBy('t.id', 'asc');
}

// Built and compiled once (db/prepared.ts): every technician's page fetches them on each queue
// event, and building the nested query cost more than running it (~0.3 ms a page at 1M).
const firstWaitingPageQuery = prepared((db, limit: number) => joinedWaitingPage(db, waitingTicketsInQueueOrder(db), limit));
const laterWaitingPageQuery = prepared((db, lane: number, queuedAt: number, id: number, limit: number) =>
  joinedWaitingPage(
    db,
    waitingTicketsInQueueOrder(db).where((eb) => queuedRelativeTo(eb, { lane, queuedAt, id }, 'after')),
    limit,
  ),
);

/** Waiting tickets in queue order (lanes, FIFO in each), `limit` of them after `after`. */
export async function listWaitingTickets(db: Executor, after: QueueKey | null, limit: number): Promise<WaitingTicket[]> {
  const rows = after ? await laterWaitingPageQuery.rows(db, after.lane, after.queuedAt, after.id, limit) : await firstWaitingPageQuery.rows(db, limit);
  return rows.map((r) => ({
    id: r.id,
    status: 'registered' as const,
    code: r.code,
    category: r.category,
    categoryId: Number(r.category_id),
    office: r.office,
    description: r.description,
    queuedAt: r.queued_at,
    createdAt: r.created_at,
    lane: Number(r.lane),
    priority: priorityOfLane(Number(r.lane)),
    firstActionAt: r.first_action_at === null ? null : Number(r.first_action_at),
    firstResponseDueAt: r.first_response_due_at === null ? null : Number(r.first_response_due_at),
    resolutionDueAt: r.resolution_due_at === null ? null : Number(r.resolution_due_at),
  }));
}

/**
 * How many tickets wait and when the queue last changed: two app instances on one database see
 * each other's changes by comparing it every few seconds (index-only on status).
 */
export async function queueSignature(db: Executor): Promise<string> {
  const r = await db
    .selectFrom('tickets')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('last'), eb.fn.max('id').as('maxId')])
    .where('status', '=', 'registered')
    .executeTakeFirstOrThrow();
  return `${Number(r.n)}:${Number(r.last ?? 0)}:${Number(r.maxId ?? 0)}`;
}

export interface TicketListItem {
  id: number;
  code: string;
  status: TicketStatus;
  category: string;
  /** Targets may be set per category, so the list's amber needs it. */
  categoryId: number;
  office: string;
  description: string;
  requesterName: string;
  assigneeName: string | null;
  queuedAt: number;
  createdAt: number;
  updatedAt: number;
  priority: TicketPriority;
  firstActionAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
}

export interface TicketFilters {
  statuses?: TicketStatus[];
  /** created_at ≥ from (epoch ms). */
  from?: number;
  /** created_at < to (epoch ms). */
  to?: number;
  officeId?: number;
  categoryId?: number;
  assigneeId?: number;
  /** Priorities (queue lanes) to keep. */
  lanes?: number[];
  /** Free text: part of the description or the code; an 8-digit DNI finds the requester's tickets. */
  q?: string;
}

export interface ListKey {
  createdAt: number;
  id: number;
}

/** A ticket with its category, office and requester, as the lists show it. */
const ticketListRows = (db: Executor) =>
  ticketsWithRequester(db).select([
    'tickets.id',
    'tickets.code',
    'tickets.status',
    'tickets.description',
    'tickets.category_id',
    'tickets.queued_at',
    'tickets.created_at',
    'tickets.updated_at',
    'tickets.lane',
    'tickets.first_action_at',
    'tickets.resolved_at',
    'tickets.closed_at',
    'tickets.first_response_due_at',
    'tickets.resolution_due_at',
    ...placeNames,
    ...requesterNames,
  ]);

type TicketListRow = Awaited<ReturnType<ReturnType<typeof ticketListRows>['executeTakeFirstOrThrow']>>;

const toTicketListItem = (r: TicketListRow, assigneeName: string | null): TicketListItem => ({
  id: r.id,
  code: r.code,
  status: r.status,
  category: r.category,
  categoryId: r.category_id,
  office: r.office,
  description: r.description,
  requesterName: `${r.first_name} ${r.last_name}`,
  assigneeName,
  queuedAt: r.queued_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  priority: priorityOfLane(Number(r.lane)),
  firstActionAt: r.first_action_at === null ? null : Number(r.first_action_at),
  resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
  closedAt: r.closed_at === null ? null : Number(r.closed_at),
  firstResponseDueAt: r.first_response_due_at === null ? null : Number(r.first_response_due_at),
  resolutionDueAt: r.resolution_due_at === null ? null : Number(r.resolution_due_at),
});

/** Tickets newest first, filtered, `limit` of them after `after`. */
export async function searchTickets(db: Executor, dialect: DialectName, filters: TicketFilters, after: ListKey | null, limit: number): Promise<TicketListItem[]> {
  let q = ticketListRows(db).leftJoin('users', 'users.id', 'tickets.assignee_id').select('users.full_name as assigneeName');
  if (filters.statuses?.length) q = q.where('tickets.status', 'in', filters.statuses);
  if (filters.from !== undefined) q = q.where('tickets.created_at', '>=', filters.from);
  if (filters.to !== undefined) q = q.where('tickets.created_at', '<', filters.to);
  if (filters.officeId !== undefined) q = q.where('tickets.office_id', '=', filters.officeId);
  if (filters.categoryId !== undefined) q = q.where('tickets.category_id', '=', filters.categoryId);
  if (filters.assigneeId !== undefined) q = q.where('tickets.assignee_id', '=', filters.assigneeId);
  if (filters.lanes?.length) q = q.where('tickets.lane', 'in', filters.lanes);
  const text = filters.q?.trim();
  if (text) {
    q = q.where((eb) => {
      const any = [containsIgnoringCase(dialect, sql.ref('tickets.description'), text), containsIgnoringCase(dialect, sql.ref('tickets.code'), text)];
      // The person's id is looked up once (unique index on dni), not joined for every ticket
      // scanned: at 1M tickets a DNI search took 0.6 s that way, 0.26 s this way.
      if (/^\d{8}$/.test(text)) any.push(eb('tickets.staff_id', 'in', eb.selectFrom('staff').select('staff.id').where('staff.dni', '=', text)));
      return eb.or(any);
    });
  }
  if (after) {
    q = q.where((eb) => eb.or([eb('tickets.created_at', '<', after.createdAt), eb.and([eb('tickets.created_at', '=', after.createdAt), eb('tickets.id', '<', after.id)])]));
  }
  const rows = await q.orderBy('tickets.created_at', 'desc').orderBy('tickets.id', 'desc').limit(limit).execute();
  return rows.map((r) => toTicketListItem(r, r.assigneeName ?? null));
}

/**
 * A technician's open tickets — in progress, or waiting for the requester (it stays theirs) — oldest
 * first (index assignee_id, status).
 */
export async function listTicketsInProgressOf(db: Executor, assigneeId: number, limit: number): Promise<TicketListItem[]> {
  const rows = await ticketListRows(db)
    .where('tickets.assignee_id', '=', assigneeId)
    .where('tickets.status', 'in', ['in_progress', 'waiting'])
    .orderBy('tickets.queued_at', 'asc')
    .orderBy('tickets.id', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => toTicketListItem(r, null));
}

/** Everything staff see about a ticket, requester's DNI and phone included. */
export interface StaffTicketRecord {
  id: number;
  code: string;
  status: TicketStatus;
  description: string;
  contactPhone: string | null;
  channel: Channel;
  category: { id: number; name: string };
  office: { id: number; name: string };
  requester: { staffId: number; dni: string; firstName: string; lastName: string; phone: string | null };
  assignee: { id: number; fullName: string } | null;
  queuedAt: number;
  createdAt: number;
  updatedAt: number;
  firstActionAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  /** Set while `waiting`: since when it waits for the requester. */
  waitingSince: number | null;
  /** Time of the earlier, finished waits. */
  waitedMs: number;
  lane: number;
  priority: TicketPriority;
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
}

export async function findStaffTicket(db: Executor, code: string): Promise<StaffTicketRecord | null> {
  const r = await ticketsWithPeople(db)
    .select([
      'tickets.id',
      'tickets.code',
      'tickets.status',
      'tickets.description',
      'tickets.contact_phone',
      'tickets.channel',
      'tickets.queued_at',
      'tickets.created_at',
      'tickets.updated_at',
      'tickets.first_action_at',
      'tickets.resolved_at',
      'tickets.closed_at',
      'tickets.waiting_since',
      'tickets.waiting_ms',
      'tickets.assignee_id',
      'tickets.lane',
      'tickets.first_response_due_at',
      'tickets.resolution_due_at',
      'categories.id as categoryId',
      'categories.name as categoryName',
      'offices.id as officeId',
      'offices.name as officeName',
      'staff.id as requesterStaffId',
      'staff.dni',
      ...requesterNames,
      'staff.phone',
      'users.full_name as assigneeName',
    ])
    .where('tickets.code', '=', code)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    description: r.description,
    contactPhone: r.contact_phone,
    channel: r.channel,
    category: { id: r.categoryId, name: r.categoryName },
    office: { id: r.officeId, name: r.officeName },
    requester: { staffId: r.requesterStaffId, dni: r.dni, firstName: r.first_name, lastName: r.last_name, phone: r.phone },
    assignee: r.assignee_id !== null ? { id: r.assignee_id, fullName: r.assigneeName ?? '' } : null,
    queuedAt: r.queued_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    firstActionAt: r.first_action_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    waitingSince: r.waiting_since === null ? null : Number(r.waiting_since),
    waitedMs: Number(r.waiting_ms),
    lane: Number(r.lane),
    priority: priorityOfLane(Number(r.lane)),
    firstResponseDueAt: r.first_response_due_at === null ? null : Number(r.first_response_due_at),
    resolutionDueAt: r.resolution_due_at === null ? null : Number(r.resolution_due_at),
  };
}

/** Offices and categories for the filter form (active or not: old tickets refer to both). */
export async function listFilterChoices(db: Executor): Promise<{ offices: { id: number; name: string }[]; categories: { id: number; name: string }[] }> {
  const [offices, categories] = await Promise.all([
    db.selectFrom('offices').select(['id', 'name']).orderBy('name').execute(),
    db.selectFrom('categories').select(['id', 'name']).orderBy('is_other').orderBy('sort_order').orderBy('name').execute(),
  ]);
  return { offices, categories };
}

const waitingCountQuery = prepared((db) =>
  db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'registered')
    .where('incident_id', 'is', null),
);

export async function countWaitingTickets(db: Executor): Promise<number> {
  const r = await waitingCountQuery.first(db);
  return Number(r?.n ?? 0);
}

/** Active staff users an admin may hand a ticket to. */
export async function listAssignableUsers(db: Executor): Promise<{ id: number; fullName: string }[]> {
  const rows = await db.selectFrom('users').select(['id', 'full_name']).where('active', '=', 1).orderBy('full_name').execute();
  return rows.map((r) => ({ id: r.id, fullName: r.full_name }));
}

/**
 * What every workspace command shares: its dependencies, the audit row + outbox jobs written in
 * the change's transaction, and the retry of a transaction the database chose to abort.
 */
import type { Database, Executor } from '../../db/database';
import type { Channel, TicketEventType, TicketPriority, TicketStatus } from '../../db/schema';
import type { Clock, EventBus } from '../../core/context';
import { AppError } from '../../core/errors';
import { isTransientError } from '../../db/dialect';
import { enqueueJob } from '../../jobs/jobs.repository';
import { movesTheClock, refreshDueTimes } from '../sla-due';
import { insertTicketEvent, type TicketChange, type TicketRef, type TicketState } from '../tickets.repository';

export interface TicketCommandDeps {
  database: Database;
  clock: Clock;
  /** In-process events for live pages; emitted after commit. */
  events?: EventBus;
}

/**
 * Outbox job types handled by notifications/. Every declared type must have a handler in the
 * worker's map (`background.ts` fails to compile otherwise); a row of a type the running version
 * has no handler for is parked at once, with an admin notice (`src/background.test.ts`).
 */
export const TICKET_ASSIGNED_JOB = 'ticket.assigned';
export const TICKET_STATUS_CHANGED_JOB = 'ticket.status_changed';

export interface TicketAssignedPayload {
  ticketId: number;
  assigneeId: number;
  channel: Channel;
}

export interface TicketStatusChangedPayload {
  ticketId: number;
  from: TicketStatus;
  to: TicketStatus;
}

declare module '../../jobs/job-types' {
  interface JobPayloads {
    'ticket.assigned': TicketAssignedPayload;
    'ticket.status_changed': TicketStatusChangedPayload;
    'ticket.message_posted': TicketMessagePostedPayload;
  }
}

/** Either a ticket code (already normalized) or its id. */
export type TicketRefInput = { code: string; ticketId?: undefined } | { ticketId: number; code?: undefined };

export const toRef = (input: TicketRefInput): TicketRef => (input.code !== undefined ? { code: input.code } : { ticketId: input.ticketId });

export interface RecordedChange {
  ticketId: number;
  type: TicketEventType;
  from: TicketStatus | null;
  to: TicketStatus | null;
  /** Null when the requester (or the system) made the change. */
  actorUserId: number | null;
  channel: Channel;
  note: string | null;
  at: number;
  /** A priority change: from which priority to which. */
  fromPriority?: TicketPriority;
  toPriority?: TicketPriority;
}

/** Writes the timeline row and, for a status change, its `ticket.status_changed` job; returns the row's id. */
export async function recordChange(trx: Executor, database: Database, change: RecordedChange): Promise<number> {
  const eventId = await insertTicketEvent(trx, {
    ticketId: change.ticketId,
    type: change.type,
    fromStatus: change.from,
    toStatus: change.to,
    actorUserId: change.actorUserId,
    channel: change.channel,
    note: change.note,
    at: change.at,
    fromPriority: change.fromPriority ?? null,
    toPriority: change.toPriority ?? null,
  });
  if (change.from !== null && change.to !== null && change.from !== change.to) {
    const payload: TicketStatusChangedPayload = { ticketId: change.ticketId, from: change.from, to: change.to };
    await enqueueJob(trx, database.dialect, { type: TICKET_STATUS_CHANGED_JOB, payload, runAt: change.at }, change.at);
  }
  // Waiting, resuming and reopening stop or start the SLA clock: the due instants move with it.
  if (movesTheClock(change.from, change.to)) await refreshDueTimes(trx, database, change.ticketId, change.at);
  return eventId;
}

/**
 * The waiting clock's part of a status change: entering `waiting` starts it, leaving it adds the
 * wait to `waiting_ms` (what the dashboards show apart and the SLA clock leaves out).
 */
export function waitingClockChange(ticket: Pick<TicketState, 'status' | 'waitingSince'>, to: TicketStatus, now: number): Partial<TicketChange> {
  if (to === 'waiting' && ticket.status !== 'waiting') return { waitingSince: now };
  if (ticket.status === 'waiting' && to !== 'waiting') return { waitingSince: null, addWaitingMs: Math.max(0, now - (ticket.waitingSince ?? now)) };
  return {};
}

/** Outbox job written with every conversation message: notices to the assignee or the followers. */
export const TICKET_MESSAGE_POSTED_JOB = 'ticket.message_posted';

export interface TicketMessagePostedPayload {
  ticketId: number;
  messageId: number;
}

export async function enqueueMessagePosted(trx: Executor, database: Database, payload: TicketMessagePostedPayload, now: number): Promise<void> {
  await enqueueJob(trx, database.dialect, { type: TICKET_MESSAGE_POSTED_JOB, payload, runAt: now }, now);
}

export async function enqueueAssigned(trx: Executor, database: Database, payload: TicketAssignedPayload, now: number): Promise<void> {
  await enqueueJob(trx, database.dialect, { type: TICKET_ASSIGNED_JOB, payload, runAt: now }, now);
}

/** Thrown inside a transaction when a guarded update found the ticket changed: roll back, retry. */
export class LostRace extends Error {
  constructor() {
    super('ticket changed meanwhile');
  }
}

/**
 * Runs `work` in a transaction, again (a few times, with a short random pause) when the database
 * aborted it to resolve a conflict or the work lost a race. Anything else propagates.
 */
export async function inTicketTransaction<T>(database: Database, work: (trx: Executor) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // READ COMMITTED, as for job claims: under MariaDB's default REPEATABLE READ the FIFO claim's
      // SKIP LOCKED scan takes gap locks that concurrent takers then deadlock on (a 1-in-6,000
      // "take next" failed after all its retries in the 200k-ticket bench). SQLite has one writer.
      const transaction = database.dialect === 'sqlite' ? database.db.transaction() : database.db.transaction().setIsolationLevel('read committed');
      return await transaction.execute(work);
    } catch (err) {
      if (!(err instanceof LostRace || isTransientError(err))) throw err;
      if (attempt >= 8) throw err instanceof LostRace ? new AppError('CONFLICT') : err;
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 10 * attempt)));
    }
  }
}

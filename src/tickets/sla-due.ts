/**
 * A ticket's SLA due instants, kept on the ticket row so every list reads them without calendar
 * arithmetic: computed at filing, and again whenever the clock stops or starts (waiting, resuming,
 * reopening), the priority changes, or an admin changes the calendar or the targets. Each
 * computation also schedules the `sla.check` jobs that give the 75 % warnings and breach notices
 * (notifications/ handles them; a job whose due time is no longer the ticket's does nothing).
 */
import type { Database, Executor } from '../db/database';
import type { TicketPriority, TicketStatus } from '../db/schema';
import { enqueueJob } from '../jobs/jobs.repository';
import { dueAfter, pausesFromChanges, type Pause } from '../sla/sla-clock';
import { readSlaPolicy, type SlaPolicy } from '../sla/sla-policy';
import { targetFor } from '../sla/sla-targets';
import { findTicketState, listStatusChanges, setDueTimes } from './tickets.repository';

export type SlaNoticeKind = 'first_response_warning' | 'first_response_breach' | 'resolution_warning' | 'resolution_breach';

declare module '../jobs/job-types' {
  interface JobPayloads {
    /** Look at `runAt` whether a ticket's SLA warning or breach notice is due (then schedule the next look). */
    'sla.check': { ticketId: number };
  }
}

export const SLA_CHECK_JOB = 'sla.check';
/** Share of a target after which the assignee is warned. */
export const WARNING_SHARE = 0.75;

export interface DueTimes {
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
}

interface SlaSubject {
  priority: TicketPriority;
  categoryId: number;
  createdAt: number;
}

const at = (r: ReturnType<typeof dueAfter>) => (r.kind === 'due' ? r.at : null);

/** The due instants and their warning instants, pure (first response never pauses: nothing waits before it). */
export function computeDueTimes(policy: SlaPolicy, t: SlaSubject, pauses: readonly Pause[]): DueTimes & { firstResponseWarnAt: number | null; resolutionWarnAt: number | null } {
  const target = targetFor(policy.targets, t.priority, t.categoryId);
  if (!target) return { firstResponseDueAt: null, resolutionDueAt: null, firstResponseWarnAt: null, resolutionWarnAt: null };
  const cal = policy.calendar;
  return {
    firstResponseDueAt: at(dueAfter(cal, t.createdAt, [], target.firstResponseMinutes)),
    resolutionDueAt: at(dueAfter(cal, t.createdAt, pauses, target.resolutionMinutes)),
    firstResponseWarnAt: at(dueAfter(cal, t.createdAt, [], target.firstResponseMinutes * WARNING_SHARE)),
    resolutionWarnAt: at(dueAfter(cal, t.createdAt, pauses, target.resolutionMinutes * WARNING_SHARE)),
  };
}

/**
 * One `sla.check` job per ticket at a time, at the next instant something may be due (the checks
 * it runs schedule the one after) — at once when an instant is already behind: a recomputation
 * (shorter targets, a new holiday) can move a warning into the past while the breach is still
 * ahead, and waiting for the breach would drop the warning. A job made stale by a later change
 * does no harm: the check recomputes from the ticket's current state and each notice is sent once
 * (`sla_notices`), so a check at once for a notice already sent only schedules the next one.
 */
export async function scheduleNextCheck(trx: Executor, database: Database, ticketId: number, instants: (number | null)[], now: number): Promise<void> {
  const next = instants.filter((t): t is number => t !== null && t > now).sort((a, b) => a - b)[0];
  const runAt = instants.some((t) => t !== null && t <= now) ? now : (next ?? null);
  if (runAt === null) return;
  await enqueueJob(trx, database.dialect, { type: SLA_CHECK_JOB, payload: { ticketId }, runAt, dedupeKey: `sla:${ticketId}:${runAt}` }, now);
}

/** Due instants of a new ticket, and its first check (inside the filing's transaction, after the insert). */
export async function dueTimesAtFiling(trx: Executor, database: Database, ticketId: number, t: SlaSubject, now: number): Promise<DueTimes> {
  const policy = await readSlaPolicy(trx, now);
  const due = computeDueTimes(policy, t, []);
  // Nothing is sent yet and the first-response warning comes first: one job, at that instant.
  await scheduleNextCheck(trx, database, ticketId, [due.firstResponseWarnAt ?? due.resolutionWarnAt], now);
  return { firstResponseDueAt: due.firstResponseDueAt, resolutionDueAt: due.resolutionDueAt };
}

/** What a check finds: the notices due now and not sent yet, and when to look again. */
export interface SlaCheck {
  ticketId: number;
  status: TicketStatus;
  assigneeId: number | null;
  due: SlaNoticeKind[];
  nextAt: number | null;
}

/**
 * The notices of a ticket due at `now`: the first-response ones while nobody acted on it, the
 * resolution ones while it is open and its clock runs (not while waiting), each not sent before.
 */
export async function checkSla(trx: Executor, database: Database, ticketId: number, sent: ReadonlySet<SlaNoticeKind>, now: number): Promise<SlaCheck | null> {
  const ticket = await findTicketState(trx, database.dialect, { ticketId }, false);
  if (!ticket || CLOSED.has(ticket.status)) return null;
  const [changes, policy] = await Promise.all([listStatusChanges(trx, ticketId), readSlaPolicy(trx, now)]);
  const d = computeDueTimes(policy, ticket, pausesFromChanges(changes));
  const instants: [SlaNoticeKind, number | null][] = [];
  if (ticket.firstActionAt === null) instants.push(['first_response_warning', d.firstResponseWarnAt], ['first_response_breach', d.firstResponseDueAt]);
  if (ticket.status !== 'waiting') instants.push(['resolution_warning', d.resolutionWarnAt], ['resolution_breach', d.resolutionDueAt]);
  const pending = instants.filter(([kind, t]) => t !== null && !sent.has(kind)) as [SlaNoticeKind, number][];
  const due = pending.filter(([, t]) => t <= now).map(([kind]) => kind);
  // A breach makes its warning pointless: only the breach goes out.
  const notices = due.filter((k) => !(k.endsWith('_warning') && due.includes(k.replace('_warning', '_breach') as SlaNoticeKind)));
  const later = pending.filter(([, t]) => t > now).map(([, t]) => t);
  return { ticketId, status: ticket.status, assigneeId: ticket.assigneeId, due: notices, nextAt: later.length ? Math.min(...later) : null };
}

const CLOSED: ReadonlySet<TicketStatus> = new Set(['resolved', 'cancelled']);

/**
 * Recomputes and stores a ticket's due instants from its history (call inside the change's
 * transaction, after its timeline row is written). A closed ticket keeps the due instants it had:
 * they are what its compliance is judged on.
 */
export async function refreshDueTimes(trx: Executor, database: Database, ticketId: number, now: number, policy?: SlaPolicy): Promise<DueTimes | null> {
  const ticket = await findTicketState(trx, database.dialect, { ticketId }, false);
  if (!ticket || CLOSED.has(ticket.status)) return null;
  const [changes, p] = await Promise.all([listStatusChanges(trx, ticketId), policy ? Promise.resolve(policy) : readSlaPolicy(trx, now)]);
  const due = computeDueTimes(p, ticket, pausesFromChanges(changes));
  await setDueTimes(trx, ticketId, due);
  const clocks = [ticket.firstActionAt === null ? due.firstResponseWarnAt : null, ticket.firstActionAt === null ? due.firstResponseDueAt : null, due.resolutionWarnAt, due.resolutionDueAt];
  await scheduleNextCheck(trx, database, ticketId, clocks, now);
  return { firstResponseDueAt: due.firstResponseDueAt, resolutionDueAt: due.resolutionDueAt };
}

/** True when a status change starts or stops the resolution clock (so the due instants move). */
export function movesTheClock(from: TicketStatus | null, to: TicketStatus | null): boolean {
  return from !== to && (from === 'waiting' || to === 'waiting' || from === 'resolved');
}

/** What staff views show of a ticket's service levels (`sla` in the API). */
export interface SlaView {
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  /** The resolution clock stands still (waiting for the requester). */
  paused: boolean;
}

/**
 * Breaches judged at `now` for open tickets, at the first action / the closing for the rest: a
 * first response is late when it came (or still has not come) after its due instant.
 */
export function slaView(
  // A waiting ticket has no resolvedAt/closedAt at all (never closed): absent reads as null.
  t: { status: TicketStatus; firstResponseDueAt: number | null; resolutionDueAt: number | null; firstActionAt: number | null; resolvedAt?: number | null; closedAt?: number | null },
  now: number,
): SlaView {
  const responded = t.firstActionAt ?? (CLOSED.has(t.status) ? t.closedAt : null) ?? now;
  const finished = t.resolvedAt ?? t.closedAt ?? now;
  return {
    firstResponseDueAt: t.firstResponseDueAt,
    resolutionDueAt: t.resolutionDueAt,
    firstResponseBreached: t.firstResponseDueAt !== null && responded > t.firstResponseDueAt,
    resolutionBreached: t.resolutionDueAt !== null && t.status !== 'cancelled' && finished > t.resolutionDueAt,
    paused: t.status === 'waiting' && t.resolutionDueAt === null,
  };
}

/**
 * How urgent a ticket's due instant is, for the "vence en …" indicators of the queue and the
 * ticket page: `breached` (red) once it is past, `warning` (amber) from 75 % of its target in
 * business minutes — the instant the assignee is warned (sla-due.ts) — `ok` before, `none` with no
 * due instant.
 *
 * While a clock runs, 75 % of the target is gone exactly when at most 25 % of it is left between
 * now and the due instant, so the state needs only the due instant, the target and the calendar —
 * no history of pauses (the pauses already moved the due instant).
 */
import { businessMinutesBetween } from '../sla/business-calendar';
import type { SlaPolicy } from '../sla/sla-policy';
import { targetFor } from '../sla/sla-targets';
import type { TicketPriority } from '../db/schema';
import { WARNING_SHARE } from './sla-due';

export type SlaState = 'none' | 'ok' | 'warning' | 'breached';

export const SLA_STATES: readonly SlaState[] = ['none', 'ok', 'warning', 'breached'];

/** The two clocks of a ticket. */
export type SlaClock = 'firstResponse' | 'resolution';

export const SLA_CLOCKS: readonly SlaClock[] = ['firstResponse', 'resolution'];

/** The state at `now` of one running clock whose due instant is `dueAt`. */
export function dueState(policy: SlaPolicy, t: { priority: TicketPriority; categoryId: number }, clock: SlaClock, dueAt: number | null, now: number): SlaState {
  if (dueAt === null) return 'none';
  if (now > dueAt) return 'breached';
  const target = targetFor(policy.targets, t.priority, t.categoryId);
  if (!target) return 'ok';
  const minutes = clock === 'firstResponse' ? target.firstResponseMinutes : target.resolutionMinutes;
  return businessMinutesBetween(policy.calendar, now, dueAt) <= minutes * (1 - WARNING_SHARE) ? 'warning' : 'ok';
}

/**
 * The clock a waiting ticket is judged by in the queue: its first response while nobody has acted
 * on it; once someone has (a ticket released back to the queue), its resolution — the first
 * response is already met or missed and no longer runs.
 */
export function queueState(
  policy: SlaPolicy,
  t: { priority: TicketPriority; categoryId: number; firstActionAt: number | null; firstResponseDueAt: number | null; resolutionDueAt: number | null },
  now: number,
): { slaClock: SlaClock; slaState: SlaState } {
  const slaClock: SlaClock = t.firstActionAt === null ? 'firstResponse' : 'resolution';
  const dueAt = slaClock === 'firstResponse' ? t.firstResponseDueAt : t.resolutionDueAt;
  return { slaClock, slaState: dueState(policy, t, slaClock, dueAt, now) };
}

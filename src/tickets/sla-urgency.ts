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
import { latestWithinBusinessMs } from '../sla/business-calendar';
import type { SlaPolicy } from '../sla/sla-policy';
import { targetFor, type SlaTarget } from '../sla/sla-targets';
import type { TicketPriority } from '../db/schema';
import { WARNING_SHARE } from './sla-due';

export type SlaState = 'none' | 'ok' | 'warning' | 'breached';

export const SLA_STATES: readonly SlaState[] = ['none', 'ok', 'warning', 'breached'];

/** The two clocks of a ticket. */
export type SlaClock = 'firstResponse' | 'resolution';

export const SLA_CLOCKS: readonly SlaClock[] = ['firstResponse', 'resolution'];

/**
 * Judges due instants at one `now` under one policy: a page of tickets asks it for every row. The
 * warning holds when at most 25 % of the target is left between `now` and the due instant in
 * business minutes; rather than walking the calendar from `now` to each row's due instant, the
 * judge finds once per distinct share the latest instant still within it
 * (`latestWithinBusinessMs`) and compares each due instant with that — the same answer, since the
 * business time between `now` and an instant only grows with the instant.
 */
export interface SlaJudge {
  /** The state of one running clock whose due instant is `dueAt`. */
  state(t: { priority: TicketPriority; categoryId: number }, clock: SlaClock, dueAt: number | null): SlaState;
}

const MINUTE_MS = 60_000;

export function slaJudge(policy: SlaPolicy, now: number): SlaJudge {
  const targets = new Map<string, SlaTarget | null>();
  const limits = new Map<number, number>();
  const targetOf = (priority: TicketPriority, categoryId: number) => {
    const key = `${priority}:${categoryId}`;
    let target = targets.get(key);
    if (target === undefined) targets.set(key, (target = targetFor(policy.targets, priority, categoryId)));
    return target;
  };
  const limitFor = (minutes: number) => {
    const share = Math.round(minutes * (1 - WARNING_SHARE) * MINUTE_MS);
    let limit = limits.get(share);
    if (limit === undefined) limits.set(share, (limit = latestWithinBusinessMs(policy.calendar, now, share)));
    return limit;
  };
  return {
    state(t, clock, dueAt) {
      if (dueAt === null) return 'none';
      if (now > dueAt) return 'breached';
      const target = targetOf(t.priority, t.categoryId);
      if (!target) return 'ok';
      return dueAt <= limitFor(clock === 'firstResponse' ? target.firstResponseMinutes : target.resolutionMinutes) ? 'warning' : 'ok';
    },
  };
}

/** The state at `now` of one running clock whose due instant is `dueAt` (one ticket; a page uses `slaJudge`). */
export function dueState(policy: SlaPolicy, t: { priority: TicketPriority; categoryId: number }, clock: SlaClock, dueAt: number | null, now: number): SlaState {
  return slaJudge(policy, now).state(t, clock, dueAt);
}

/**
 * The clock a waiting ticket is judged by in the queue: its first response while nobody has acted
 * on it; once someone has (a ticket released back to the queue), its resolution — the first
 * response is already met or missed and no longer runs.
 */
export function queueClock(t: { firstActionAt: number | null }): SlaClock {
  return t.firstActionAt === null ? 'firstResponse' : 'resolution';
}

/** The queue's clock of a ticket and its state, judged by `judge`. */
export function queueState(
  judge: SlaJudge,
  t: { priority: TicketPriority; categoryId: number; firstActionAt: number | null; firstResponseDueAt: number | null; resolutionDueAt: number | null },
): { slaClock: SlaClock; slaState: SlaState } {
  const slaClock = queueClock(t);
  return { slaClock, slaState: judge.state(t, slaClock, slaClock === 'firstResponse' ? t.firstResponseDueAt : t.resolutionDueAt) };
}

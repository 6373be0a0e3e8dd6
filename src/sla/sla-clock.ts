/**
 * The SLA clock of one ticket, pure: from the filing instant, business time runs except during
 * pauses (waiting for the requester; resolved until a reopening). A due instant is where the
 * business time consumed reaches the target.
 */
import { addBusinessMinutes, businessMsBetween, type CompiledCalendar } from './business-calendar';
import type { TicketStatus } from '../db/schema';

/** A stretch of time the clock does not run; `to` null while it lasts. */
export interface Pause {
  from: number;
  to: number | null;
}

/** The statuses in which the resolution clock stands still. */
const PAUSED: ReadonlySet<TicketStatus> = new Set(['waiting', 'resolved']);

/** Pauses from a ticket's status changes in time order (`at`, from → to). */
export function pausesFromChanges(changes: readonly { at: number; from: TicketStatus | null; to: TicketStatus | null }[]): Pause[] {
  const pauses: Pause[] = [];
  let open: Pause | null = null;
  for (const c of changes) {
    if (c.to === null || c.from === c.to) continue;
    if (!open && PAUSED.has(c.to)) {
      open = { from: c.at, to: null };
      pauses.push(open);
    } else if (open && !PAUSED.has(c.to)) {
      open.to = c.at;
      open = null;
    }
  }
  return pauses;
}

export type DueResult = { kind: 'due'; at: number } | { kind: 'paused'; remainingMinutes: number } | { kind: 'never' };

/**
 * When `targetMinutes` of business time since `start` are used up, leaving out the pauses.
 * `paused`: an open pause began before the target was reached (remaining minutes given);
 * `never`: the calendar has no open time within the search horizon.
 */
export function dueAfter(cal: CompiledCalendar, start: number, pauses: readonly Pause[], targetMinutes: number): DueResult {
  let cursor = start;
  let remainingMs = Math.round(targetMinutes * 60_000);
  for (const p of [...pauses].sort((a, b) => a.from - b.from)) {
    if (p.from > cursor) {
      const runs = businessMsBetween(cal, cursor, p.from);
      if (runs >= remainingMs) break;
      remainingMs -= runs;
    }
    if (p.to === null) return { kind: 'paused', remainingMinutes: remainingMs / 60_000 };
    cursor = Math.max(cursor, p.to);
  }
  const at = addBusinessMinutes(cal, cursor, remainingMs / 60_000);
  return at === null ? { kind: 'never' } : { kind: 'due', at };
}

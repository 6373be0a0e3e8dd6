/**
 * The ticket state machine: the one place that says which status changes exist, which need a
 * note and through which channels they may happen. Pure functions; commands and pages ask here.
 *
 *   registered ──assign──> in_progress ──resolve──> resolved ──reopen (requester, REOPEN_DAYS)──┐
 *        ^                   │   ^   └─────cancel───> cancelled                                │
 *        └──────release──────┘   │                                                             │
 *        ("no logrado": back to  │ wait (reply with awaitReply) / resume (the requester answers)│
 *         the queue, FIFO place  v                                                             │
 *         kept)               waiting ──resolve / cancel──> resolved | cancelled               │
 *                                                                                              │
 *   reopen goes back to in_progress with the same technician, or to the queue (registered, at its
 *   original place) when that account is no longer active.
 */
import type { Channel, TicketEventType, TicketStatus } from '../db/schema';

export interface TransitionRule {
  from: TicketStatus;
  to: TicketStatus;
  /** The ticket_events type recorded for this change. */
  event: Extract<TicketEventType, 'assigned' | 'released' | 'resolved' | 'cancelled' | 'waiting' | 'resumed' | 'reopened'>;
  noteRequired: boolean;
  /** Channels through which the change may be made. */
  channels: readonly Channel[];
}

const STAFF_CHANNELS: readonly Channel[] = ['web', 'api', 'telegram'];
// Closing is a deliberate act with a written note: the web panel (or its API), never a chat button.
const CLOSING_CHANNELS: readonly Channel[] = ['web', 'api'];
// Resuming a waiting ticket: staff, or the requester answering on the tracking page.
const RESUME_CHANNELS: readonly Channel[] = ['web', 'api', 'telegram', 'portal'];
// Reopening is the requester's act, from the tracking page (or the public API).
const REQUESTER_CHANNELS: readonly Channel[] = ['portal'];

export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'registered', to: 'in_progress', event: 'assigned', noteRequired: false, channels: STAFF_CHANNELS },
  { from: 'in_progress', to: 'registered', event: 'released', noteRequired: true, channels: STAFF_CHANNELS },
  { from: 'in_progress', to: 'resolved', event: 'resolved', noteRequired: true, channels: CLOSING_CHANNELS },
  { from: 'in_progress', to: 'cancelled', event: 'cancelled', noteRequired: true, channels: CLOSING_CHANNELS },
  { from: 'in_progress', to: 'waiting', event: 'waiting', noteRequired: true, channels: CLOSING_CHANNELS },
  { from: 'waiting', to: 'in_progress', event: 'resumed', noteRequired: false, channels: RESUME_CHANNELS },
  { from: 'waiting', to: 'resolved', event: 'resolved', noteRequired: true, channels: CLOSING_CHANNELS },
  { from: 'waiting', to: 'cancelled', event: 'cancelled', noteRequired: true, channels: CLOSING_CHANNELS },
  { from: 'resolved', to: 'in_progress', event: 'reopened', noteRequired: true, channels: REQUESTER_CHANNELS },
  { from: 'resolved', to: 'registered', event: 'reopened', noteRequired: true, channels: REQUESTER_CHANNELS },
];

/** Every status, in the order lists and filters show them. */
export const STATUSES: readonly TicketStatus[] = ['registered', 'in_progress', 'waiting', 'resolved', 'cancelled'];

/** Statuses of a ticket someone still works on (the open workload). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['registered', 'in_progress', 'waiting'];

/** Longest note accepted (work log entries and closing notes). */
export const NOTE_MAX = 4000;

export function findTransition(from: TicketStatus, to: TicketStatus): TransitionRule | null {
  return TRANSITIONS.find((r) => r.from === from && r.to === to) ?? null;
}

export type TransitionCheck = { ok: true; rule: TransitionRule; note: string | null } | { ok: false; reason: 'invalid' | 'channel' | 'note_required' };

/** A note counts only when it has something besides spaces. */
export function cleanNote(note: string | null | undefined): string | null {
  const trimmed = (note ?? '').trim();
  return trimmed ? trimmed : null;
}

/**
 * May a ticket in `from` go to `to` through `channel` with this note? Order of refusals: a change
 * that does not exist, then the wrong channel, then a missing note.
 */
export function checkTransition(from: TicketStatus, to: TicketStatus, input: { note?: string | null; channel: Channel }): TransitionCheck {
  const rule = findTransition(from, to);
  if (!rule) return { ok: false, reason: 'invalid' };
  if (!rule.channels.includes(input.channel)) return { ok: false, reason: 'channel' };
  const note = cleanNote(input.note);
  if (rule.noteRequired && !note) return { ok: false, reason: 'note_required' };
  return { ok: true, rule, note };
}

/** The changes a ticket in `from` offers through `channel` (for the buttons on the ticket page). */
export function transitionsFrom(from: TicketStatus, channel: Channel): TransitionRule[] {
  return TRANSITIONS.filter((r) => r.from === from && r.channels.includes(channel));
}

export const isClosed = (status: TicketStatus): boolean => status === 'resolved' || status === 'cancelled';

/** Default of `REOPEN_DAYS`: how long after closing the requester may still answer or reopen. */
export const DEFAULT_REOPEN_DAYS = 7;

/**
 * Is a ticket closed at `closedAt` still open to the requester's answers (and, if resolved, to
 * reopening) at `now`? True for a ticket not closed at all.
 */
export function withinReopenWindow(closedAt: number | null, now: number, reopenDays: number): boolean {
  return closedAt === null || now - closedAt <= reopenDays * 86_400_000;
}

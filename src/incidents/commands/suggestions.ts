/**
 * Detecting major incidents (issue 19): `INCIDENT_MIN_TICKETS` or more waiting (registered, not
 * taken), unlinked tickets of one category filed within the last `INCIDENT_WINDOW_MINUTES`, from one
 * office or several, make a suggestion.
 *
 * `currentSuggestions` computes them live (the queue page, `GET /incidents/suggestions`).
 * `detectAfterFiling` runs in the outbox worker when a ticket's `ticket.created` job runs, never in
 * the filing request: it records the category's suggestion the first time the threshold is reached,
 * and on-duty staff get one notice for it, in the same transaction. The unique index on the active
 * suggestion's category makes that happen once, however many web instances and workers detect it at
 * the same moment; more tickets joining an active suggestion add no notice. A suggestion ends when a
 * later arrival in its category finds fewer than the minimum waiting (taken, linked, or out of the
 * window); a burst after that is a new suggestion.
 */
import type { Database, Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import { activeSuggestion, endSuggestion, insertActiveSuggestion, ticketToDetect, waitingOfCategory, waitingSince, type WaitingTicket } from '../suggestions.repository';

export interface DetectionSettings {
  windowMinutes: number;
  /** 0 = detection off. */
  minTickets: number;
}

export interface Suggestion {
  categoryId: number;
  /** The offices the tickets come from, ascending. */
  officeIds: number[];
  /** Oldest first. */
  ticketCodes: string[];
  /** When the oldest of them was filed. */
  since: number;
}

/** Groups waiting tickets (oldest first) by category; the categories with at least `min` make suggestions, oldest first. */
export function groupSuggestions(tickets: readonly WaitingTicket[], min: number): Suggestion[] {
  if (min <= 0) return [];
  const byCategory = new Map<number, WaitingTicket[]>();
  for (const t of tickets) {
    const list = byCategory.get(t.categoryId);
    if (list) list.push(t);
    else byCategory.set(t.categoryId, [t]);
  }
  const out: Suggestion[] = [];
  for (const [categoryId, list] of byCategory) {
    if (list.length < min) continue;
    out.push({
      categoryId,
      officeIds: [...new Set(list.map((t) => t.officeId))].sort((a, b) => a - b),
      ticketCodes: list.map((t) => t.code),
      since: list[0]!.createdAt,
    });
  }
  return out.sort((a, b) => a.since - b.since || a.categoryId - b.categoryId);
}

const windowStart = (now: number, s: DetectionSettings) => now - s.windowMinutes * 60_000;

/** The suggestions as of now. */
export async function currentSuggestions(deps: { database: Database; clock: Clock; settings: DetectionSettings }): Promise<Suggestion[]> {
  if (deps.settings.minTickets <= 0) return [];
  return groupSuggestions(await waitingSince(deps.database.db, windowStart(deps.clock(), deps.settings)), deps.settings.minTickets);
}

export interface DetectionDeps {
  database: Database;
  clock: Clock;
  settings: DetectionSettings;
  /** Tells on-duty staff about a new suggestion, inside the transaction that recorded it. */
  announce: (trx: Executor, s: { suggestionId: number; triggerTicketId: number; now: number }) => Promise<void>;
}

export type DetectionOutcome = 'off' | 'none' | 'raised' | 'already-active' | 'ended';

/** After a ticket arrived: raise, keep or end its category's suggestion. Safe to run twice. */
export async function detectAfterFiling(deps: DetectionDeps, ticketId: number): Promise<DetectionOutcome> {
  const { database, clock, settings } = deps;
  if (settings.minTickets <= 0) return 'off';
  const ticket = await ticketToDetect(database.db, ticketId);
  if (!ticket) return 'none';
  const now = clock();
  const from = windowStart(now, settings);
  // Whether the threshold holds needs only the first `minTickets` waiting tickets, not the whole
  // window: during a burst whose suggestion is already active, or for a lone ticket, that is all a
  // job reads. Only raising a suggestion reads the window's list (its count, offices and oldest).
  // Reading up to 500 rows on every filing's job cost filing ~9 ms of p95 at a million tickets in a
  // burst of thousands (docs/performance.md, issue 19).
  const first = await waitingOfCategory(database.db, ticket.categoryId, from, settings.minTickets);
  const active = await activeSuggestion(database.db, ticket.categoryId);
  if (first.length < settings.minTickets) {
    if (!active) return 'none';
    await endSuggestion(database.db, active.id, now);
    return 'ended';
  }
  if (active) return 'already-active';
  const [suggestion] = groupSuggestions(await waitingOfCategory(database.db, ticket.categoryId, from), settings.minTickets);
  // Taken or linked between the two reads: nothing to raise now; the next arrival looks again.
  if (!suggestion) return 'none';
  return database.db.transaction().execute(async (trx) => {
    const id = await insertActiveSuggestion(trx, {
      categoryId: ticket.categoryId,
      triggerTicketId: ticket.id,
      since: suggestion.since,
      ticketCount: suggestion.ticketCodes.length,
      officeIds: suggestion.officeIds,
      at: now,
    });
    // Another process raised it first (and told staff).
    if (id === null) return 'already-active' as const;
    await deps.announce(trx, { suggestionId: id, triggerTicketId: ticket.id, now });
    return 'raised' as const;
  });
}

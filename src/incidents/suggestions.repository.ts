/**
 * SQL of suggested incidents (issue 19): the waiting, unlinked tickets the detector groups, and the
 * record of each suggestion raised (one active per category, guarded by a unique index).
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../db/database';
import type { IncidentSuggestionsTable } from '../db/schema';
import { insertUnlessDuplicate, skipDuplicate } from '../db/dialect';
import { prepared } from '../db/prepared';

export interface WaitingTicket {
  id: number;
  code: string;
  categoryId: number;
  officeId: number;
  createdAt: number;
}

/** Most tickets one suggestion reads (a bigger outage is still one suggestion; its list is cut). */
export const SUGGESTION_TICKETS_MAX = 500;

const toWaiting = (r: { id: number; code: string; category_id: number; office_id: number; created_at: number }): WaitingTicket => ({
  id: r.id,
  code: r.code,
  categoryId: r.category_id,
  officeId: r.office_id,
  createdAt: Number(r.created_at),
});

// Waiting = registered (nobody took it) and not a child of an incident. The window is on the filing
// time: the (category_id, created_at) and (created_at, id) indexes bound each read to the window.
const waitingOfCategoryQuery = prepared((db, categoryId: number, from: number, limit: number) =>
  db
    .selectFrom('tickets')
    .select(['id', 'code', 'category_id', 'office_id', 'created_at'])
    .where('category_id', '=', categoryId)
    .where('created_at', '>=', from)
    .where('status', '=', 'registered')
    .where('incident_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit),
);

/** The waiting, unlinked tickets of one category filed at or after `from`, oldest first (at most `limit`). */
export async function waitingOfCategory(db: Executor, categoryId: number, from: number, limit = SUGGESTION_TICKETS_MAX): Promise<WaitingTicket[]> {
  return (await waitingOfCategoryQuery.rows(db, categoryId, from, Math.min(limit, SUGGESTION_TICKETS_MAX))).map(toWaiting);
}

/** Every waiting, unlinked ticket filed at or after `from`, oldest first (at most `limit`). */
export async function waitingSince(db: Executor, from: number, limit = 5_000): Promise<WaitingTicket[]> {
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'code', 'category_id', 'office_id', 'created_at'])
    .where('created_at', '>=', from)
    .where('status', '=', 'registered')
    .where('incident_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toWaiting);
}

export interface TicketToDetect {
  id: number;
  categoryId: number;
}

export async function ticketToDetect(db: Executor, ticketId: number): Promise<TicketToDetect | null> {
  const r = await db.selectFrom('tickets').select(['id', 'category_id']).where('id', '=', ticketId).executeTakeFirst();
  return r ? { id: r.id, categoryId: r.category_id } : null;
}

export interface SuggestionRecord {
  id: number;
  categoryId: number;
  active: boolean;
  triggerTicketId: number;
  since: number;
  ticketCount: number;
  officeIds: number[];
  createdAt: number;
  endedAt: number | null;
}

type SuggestionRow = Selectable<IncidentSuggestionsTable>;

const toRecord = (r: SuggestionRow): SuggestionRecord => ({
  id: r.id,
  categoryId: r.category_id,
  active: r.active_category_id !== null,
  triggerTicketId: r.trigger_ticket_id,
  since: Number(r.since),
  ticketCount: Number(r.ticket_count),
  officeIds: r.office_ids === '' ? [] : r.office_ids.split(',').map(Number),
  createdAt: Number(r.created_at),
  endedAt: r.ended_at === null ? null : Number(r.ended_at),
});

const activeSuggestionQuery = prepared((db, categoryId: number) => db.selectFrom('incident_suggestions').selectAll().where('active_category_id', '=', categoryId));

export async function activeSuggestion(db: Executor, categoryId: number): Promise<SuggestionRecord | null> {
  const r = await activeSuggestionQuery.first(db, categoryId);
  return r ? toRecord(r) : null;
}

export async function findSuggestion(db: Executor, id: number): Promise<SuggestionRecord | null> {
  const r = await db.selectFrom('incident_suggestions').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRecord(r) : null;
}

export interface NewSuggestion {
  categoryId: number;
  triggerTicketId: number;
  since: number;
  ticketCount: number;
  officeIds: number[];
  at: number;
}

/**
 * Records a suggestion as the category's active one; null when the category already has one (another
 * process raised it first). The unique index on `active_category_id` decides, on every database.
 */
export async function insertActiveSuggestion(db: Executor, s: NewSuggestion): Promise<number | null> {
  const insert = db.insertInto('incident_suggestions').values({
    category_id: s.categoryId,
    active_category_id: s.categoryId,
    trigger_ticket_id: s.triggerTicketId,
    since: s.since,
    ticket_count: s.ticketCount,
    office_ids: s.officeIds.join(',').slice(0, 1000),
    created_at: s.at,
    ended_at: null,
  });
  if (!(await insertUnlessDuplicate(db, skipDuplicate(db, insert, ['active_category_id']).executeTakeFirstOrThrow()))) return null;
  const row = await activeSuggestionQuery.first(db, s.categoryId);
  return row ? row.id : null;
}

/** Ends a category's active suggestion (its tickets were taken, linked, or left the window). */
export async function endSuggestion(db: Executor, id: number, at: number): Promise<void> {
  await db.updateTable('incident_suggestions').set({ active_category_id: null, ended_at: at }).where('id', '=', id).where('active_category_id', 'is not', null).execute();
}

/** Suggestions raised in [from, to) (indicators). */
export async function countSuggestionsBetween(db: Executor, from: number, to: number): Promise<number> {
  const r = await db
    .selectFrom('incident_suggestions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

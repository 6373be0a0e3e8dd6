/**
 * "All tickets" with filters: status (one or several, comma-separated), from/to (local dates
 * `YYYY-MM-DD`, both inclusive, in the institution's time zone, or ISO timestamps), office,
 * category, assignee (`me` or a user id), priority (one or several) and free text; newest first, one page at a time.
 */
import type { DialectName, Executor } from '../../db/database';
import type { TicketStatus } from '../../db/schema';
import { AppError, type FieldErrors } from '../../core/errors';
import { addDays, isCalendarDate, startOfLocalDay } from '../../core/local-days';
import { searchTickets as searchTicketRows, type TicketFilters, type TicketListItem } from '../ticket-lists.repository';
import { decodeCursor, paginate, DEFAULT_PAGE_SIZE } from './cursor';

import { STATUSES } from '../state-machine';
import { isPriority, laneOf, PRIORITIES } from '../priority';

export { STATUSES };

/** The query string as it arrives (pages and API share it). */
export interface TicketSearchQuery {
  status?: string;
  from?: string;
  to?: string;
  office?: string | number;
  category?: string | number;
  assignee?: string;
  priority?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface TicketSearchPage {
  items: TicketListItem[];
  nextCursor: string | null;
}

const ISO_TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

function bound(raw: string, field: 'from' | 'to', timeZone: string, fields: FieldErrors): number | undefined {
  const value = raw.trim();
  if (!value) return undefined;
  // `to` is inclusive for a date: the range ends at the start of the next local day.
  if (isCalendarDate(value)) return startOfLocalDay(field === 'from' ? value : addDays(value, 1), timeZone);
  if (ISO_TIMESTAMP_RE.test(value) && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  fields[field] = { key: 'workspace.field.date' };
  return undefined;
}

function positiveId(raw: string | number | undefined, field: string, fields: FieldErrors): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 1) return n;
  fields[field] = { key: 'field.invalid' };
  return undefined;
}

/** Turns the query string into filters; 400 naming every bad field. */
export function parseTicketFilters(query: TicketSearchQuery, ctx: { timeZone: string; actorUserId: number }): TicketFilters {
  const fields: FieldErrors = {};
  const filters: TicketFilters = {};
  if (query.status) {
    const statuses = query.status
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (statuses.every((s): s is TicketStatus => (STATUSES as readonly string[]).includes(s))) filters.statuses = statuses;
    else fields.status = { key: 'field.enum', params: { values: STATUSES.join(', ') } };
  }
  filters.from = bound(query.from ?? '', 'from', ctx.timeZone, fields);
  filters.to = bound(query.to ?? '', 'to', ctx.timeZone, fields);
  filters.officeId = positiveId(query.office, 'office', fields);
  filters.categoryId = positiveId(query.category, 'category', fields);
  filters.assigneeId = query.assignee === 'me' ? ctx.actorUserId : positiveId(query.assignee, 'assignee', fields);
  if (query.priority) {
    const priorities = query.priority
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (priorities.every(isPriority)) filters.lanes = priorities.map(laneOf);
    else fields.priority = { key: 'field.enum', params: { values: PRIORITIES.join(', ') } };
  }
  if (query.q?.trim()) filters.q = query.q.trim().slice(0, 200);
  if (Object.keys(fields).length) throw new AppError('BAD_REQUEST', undefined, fields);
  for (const k of Object.keys(filters) as (keyof TicketFilters)[]) if (filters[k] === undefined) delete filters[k];
  return filters;
}

export async function searchTickets(database: { db: Executor; dialect: DialectName }, query: TicketSearchQuery, ctx: { timeZone: string; actorUserId: number }): Promise<TicketSearchPage> {
  const filters = parseTicketFilters(query, ctx);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const key = decodeCursor(query.cursor, 2);
  const rows = await searchTicketRows(database.db, database.dialect, filters, key ? { createdAt: key[0] as number, id: key[1] as number } : null, limit + 1);
  return paginate(rows, limit, (r) => [r.createdAt, r.id]);
}

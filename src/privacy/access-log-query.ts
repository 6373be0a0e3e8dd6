/** `GET /admin/access-log` filters: DNI, user, dates (YYYY-MM-DD in the configured zone, `to` inclusive, or ISO instants). */
import { AppError } from '../core/errors';
import { addDays, isCalendarDate, startOfLocalDay } from '../core/local-days';
import type { Executor } from '../db/database';
import { listPersonalDataReads, staffIdByDni, type AccessLogEntry } from './access-log.repository';

export interface AccessLogQuery {
  dni?: string;
  userId?: number;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

function instant(field: 'from' | 'to', raw: string | undefined, timeZone: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (isCalendarDate(raw)) return startOfLocalDay(field === 'to' ? addDays(raw, 1) : raw, timeZone);
  const ms = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) throw new AppError('VALIDATION_FAILED', undefined, { [field]: { key: 'field.date' } });
  return field === 'to' ? ms + 1 : ms;
}

export async function readAccessLog(deps: { db: Executor; timeZone: string }, q: AccessLogQuery): Promise<{ items: AccessLogEntry[]; nextCursor: string | null }> {
  const dni = q.dni?.trim();
  if (dni !== undefined && dni !== '' && !/^\d{8}$/.test(dni)) throw new AppError('VALIDATION_FAILED', undefined, { dni: { key: 'field.dni' } });
  const from = instant('from', q.from, deps.timeZone);
  const to = instant('to', q.to, deps.timeZone);
  if (q.cursor !== undefined && !/^\d{1,12}$/.test(q.cursor)) throw new AppError('VALIDATION_FAILED', undefined, { cursor: { key: 'field.invalid' } });
  const limit = q.limit ?? 50;
  let staffId: number | undefined;
  if (dni) {
    const found = await staffIdByDni(deps.db, dni);
    if (found === null) return { items: [], nextCursor: null };
    staffId = found;
  }
  const items = await listPersonalDataReads(deps.db, { staffId, userId: q.userId, from, to, beforeId: q.cursor ? Number(q.cursor) : undefined, limit: limit + 1 });
  const more = items.length > limit;
  const page = more ? items.slice(0, limit) : items;
  return { items: page, nextCursor: more ? String(page[page.length - 1]!.id) : null };
}

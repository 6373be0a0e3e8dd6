/**
 * "Equipos con más incidencias": the assets with the most tickets filed in a period, first the
 * worst — the paper's authors recommend identifying recurring failures. Counted in SQL, grouped
 * by asset; only tickets that name an asset count.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/database';

export interface AssetRankingRow {
  code: string;
  description: string;
  office: string;
  tickets: number;
  resolved: number;
  /** Not yet resolved or cancelled. */
  open: number;
  lastAt: number;
}

export async function rankAssetsByTickets(db: Executor, period: { start: number; end: number }, filters: { officeId?: number; categoryId?: number }, limit: number): Promise<AssetRankingRow[]> {
  let query = db
    .selectFrom('tickets')
    .innerJoin('assets', 'assets.id', 'tickets.asset_id')
    .innerJoin('offices', 'offices.id', 'assets.office_id')
    .select([
      'assets.code',
      'assets.description',
      'offices.name as office',
      sql<number>`count(*)`.as('tickets'),
      sql<number>`sum(case when tickets.status = 'resolved' then 1 else 0 end)`.as('resolved'),
      sql<number>`sum(case when tickets.status in ('resolved', 'cancelled') then 0 else 1 end)`.as('open'),
      sql<number>`max(tickets.created_at)`.as('lastAt'),
    ])
    .where('tickets.created_at', '>=', period.start)
    .where('tickets.created_at', '<', period.end);
  // The dashboards' office filter is the ticket's office (the requester's), as in every other panel.
  if (filters.officeId !== undefined) query = query.where('tickets.office_id', '=', filters.officeId);
  if (filters.categoryId !== undefined) query = query.where('tickets.category_id', '=', filters.categoryId);
  const rows = await query
    .groupBy(['assets.id', 'assets.code', 'assets.description', 'offices.name'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('assets.code', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    code: r.code,
    description: r.description,
    office: r.office,
    tickets: Number(r.tickets),
    resolved: Number(r.resolved),
    open: Number(r.open),
    lastAt: Number(r.lastAt),
  }));
}

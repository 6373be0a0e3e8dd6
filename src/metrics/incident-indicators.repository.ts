/**
 * SQL behind the major-incident indicators (issue 19). One cohort, as for tickets: the incidents
 * declared in the span, and what has become of them (resolved by now, how long they took), with the
 * tickets that are their children now (absorbed) and, of those, the ones that joined at filing
 * (deflected: an `incident_joined` timeline row for that incident). A ticket unlinked since is back in
 * the queue and counts for neither. Always live: incidents are few (the tickets are reached through
 * `tickets_incident_idx`, the joins through the ticket's own timeline rows).
 *
 * Filters: a category keeps the incidents of that category; an office keeps the incidents that list
 * it or list no office. The children counted are those of the incidents kept that also match the
 * filters (their own office and category).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../db/database';
import { num, ticketFilterSql, type Span } from './indicators.repository';
import type { MetricsFilters } from './range';

export interface IncidentTotals {
  declared: number;
  resolved: number;
  /** Sum of declaration → resolution over the resolved ones. */
  durationMs: number;
  ticketsAbsorbed: number;
  filingsDeflected: number;
}

function incidentFilterSql(filters: MetricsFilters): Expression<SqlBool> {
  const parts = [sql<SqlBool>`1 = 1`];
  if (filters.categoryId !== undefined) parts.push(sql<SqlBool>`incidents.category_id = ${filters.categoryId}`);
  if (filters.officeId !== undefined)
    parts.push(
      sql<SqlBool>`(NOT EXISTS (SELECT 1 FROM incident_offices io WHERE io.incident_id = incidents.id) OR EXISTS (SELECT 1 FROM incident_offices io WHERE io.incident_id = incidents.id AND io.office_id = ${filters.officeId}))`,
    );
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

export async function incidentTotals(db: Executor, span: Span, filters: MetricsFilters): Promise<IncidentTotals> {
  const [incidents, children] = await Promise.all([
    db
      .selectFrom('incidents')
      .select([
        sql<number>`COUNT(*)`.as('declared'),
        sql<number>`SUM(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END)`.as('resolved'),
        sql<number>`SUM(CASE WHEN status = 'resolved' THEN resolved_at - created_at END)`.as('duration_ms'),
      ])
      .where('created_at', '>=', span.start)
      .where('created_at', '<', span.end)
      .where(incidentFilterSql(filters))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('incidents')
      .innerJoin('tickets', 'tickets.incident_id', 'incidents.id')
      .select([
        sql<number>`COUNT(*)`.as('absorbed'),
        sql<number>`SUM(CASE WHEN EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = tickets.id AND e.type = 'incident_joined' AND e.incident_id = incidents.id) THEN 1 ELSE 0 END)`.as(
          'deflected',
        ),
      ])
      .where('incidents.created_at', '>=', span.start)
      .where('incidents.created_at', '<', span.end)
      .where(incidentFilterSql(filters))
      .where(ticketFilterSql(filters))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    declared: num(incidents.declared),
    resolved: num(incidents.resolved),
    durationMs: num(incidents.duration_ms),
    ticketsAbsorbed: num(children.absorbed),
    filingsDeflected: num(children.deflected),
  };
}

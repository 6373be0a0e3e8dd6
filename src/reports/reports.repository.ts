/**
 * SQL for exports: the filtered tickets, read in pages by (created_at, id) so a large export
 * streams with constant memory. No DNI, name or phone of the requester is selected.
 */
import type { Executor } from '../db/database';
import { placeNames, ticketsWithAssignee } from '../db/ticket-joins';
import type { TicketPriority, TicketStatus } from '../db/schema';
import { priorityOfLane } from '../tickets/priority';
import { ticketFilterSql, type Span } from '../metrics/indicators.repository';
import type { MetricsFilters } from '../metrics/range';

export interface ExportedTicket {
  id: number;
  code: string;
  createdAt: number;
  status: TicketStatus;
  priority: TicketPriority;
  category: string;
  office: string;
  channel: string;
  assignee: string | null;
  firstActionAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  score: number | null;
  description: string;
}

export interface ExportCursor {
  createdAt: number;
  id: number;
}

export async function ticketsPage(db: Executor, span: Span, filters: MetricsFilters & { status?: TicketStatus }, after: ExportCursor | null, limit: number): Promise<ExportedTicket[]> {
  let q = ticketsWithAssignee(db)
    .leftJoin('ticket_surveys', 'ticket_surveys.ticket_id', 'tickets.id')
    .select([
      'tickets.id',
      'tickets.code',
      'tickets.created_at',
      'tickets.status',
      'tickets.lane',
      'tickets.channel',
      'tickets.first_action_at',
      'tickets.resolved_at',
      'tickets.closed_at',
      'tickets.description',
      ...placeNames,
      'users.full_name as assignee',
      'ticket_surveys.score as score',
    ])
    .where('tickets.created_at', '>=', span.start)
    .where('tickets.created_at', '<', span.end)
    .where(ticketFilterSql(filters));
  if (filters.status) q = q.where('tickets.status', '=', filters.status);
  if (after) {
    q = q.where((eb) => eb.or([eb('tickets.created_at', '>', after.createdAt), eb.and([eb('tickets.created_at', '=', after.createdAt), eb('tickets.id', '>', after.id)])]));
  }
  const rows = await q.orderBy('tickets.created_at').orderBy('tickets.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    createdAt: Number(r.created_at),
    status: r.status,
    priority: priorityOfLane(Number(r.lane)),
    category: r.category,
    office: r.office,
    channel: r.channel,
    assignee: r.assignee ?? null,
    firstActionAt: r.first_action_at === null ? null : Number(r.first_action_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    description: r.description,
  }));
}

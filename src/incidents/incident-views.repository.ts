/** SQL of the staff incident pages (issue 19): an incident's children as the detail page lists them. */
import type { Executor } from '../db/database';
import type { TicketStatus } from '../db/schema';

export interface ChildTicket {
  code: string;
  status: TicketStatus;
  office: string;
  createdAt: number;
}

export async function listChildren(db: Executor, incidentId: number, limit = 500): Promise<ChildTicket[]> {
  const rows = await db
    .selectFrom('tickets')
    .innerJoin('offices', 'offices.id', 'tickets.office_id')
    .select(['tickets.code', 'tickets.status', 'tickets.created_at', 'offices.name as office'])
    .where('tickets.incident_id', '=', incidentId)
    .orderBy('tickets.created_at')
    .orderBy('tickets.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ code: r.code, status: r.status, office: r.office, createdAt: Number(r.created_at) }));
}

export interface PostedIncidentUpdate {
  message: string;
  at: number;
  author: string | null;
}

/** An incident's public updates, newest first, with who posted each (the staff detail page). */
export async function listIncidentUpdates(db: Executor, incidentId: number, limit = 100): Promise<PostedIncidentUpdate[]> {
  const rows = await db
    .selectFrom('incident_updates')
    .leftJoin('users', 'users.id', 'incident_updates.created_by')
    .select(['incident_updates.message', 'incident_updates.created_at', 'users.full_name as author'])
    .where('incident_updates.incident_id', '=', incidentId)
    .orderBy('incident_updates.created_at', 'desc')
    .orderBy('incident_updates.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ message: r.message, at: Number(r.created_at), author: r.author ?? null }));
}

/** SQL of major incidents (issue 19): the incidents, their offices, and which tickets are their children. */
import type { DialectName, Executor } from '../db/database';
import { sql } from 'kysely';
import { prepared } from '../db/prepared';
import type { Channel, TicketStatus } from '../db/schema';

export interface IncidentRow {
  id: number;
  title: string;
  publicMessage: string;
  status: 'open' | 'resolved';
  categoryId: number | null;
  officeIds: number[];
  since: number;
  resolvedAt: number | null;
  resolutionNote: string | null;
  ticketCount: number;
}

export interface NewIncident {
  title: string;
  publicMessage: string;
  categoryId: number | null;
  officeIds: number[];
  createdBy: number | null;
  at: number;
}

export async function insertIncident(db: Executor, i: NewIncident): Promise<number> {
  const insert = db
    .insertInto('incidents')
    .values({ title: i.title, public_message: i.publicMessage, status: 'open', category_id: i.categoryId, created_by: i.createdBy, created_at: i.at, resolved_at: null, resolution_note: null });
  // MariaDB has no RETURNING: its id comes back as insertId.
  const r = await (db.getExecutor().adapter.supportsReturning ? insert.returning('id') : insert).executeTakeFirstOrThrow();
  const id = Number('id' in r ? r.id : (r as { insertId?: bigint }).insertId);
  if (i.officeIds.length > 0)
    await db
      .insertInto('incident_offices')
      .values(i.officeIds.map((o) => ({ incident_id: id, office_id: o })))
      .execute();
  return id;
}

async function withOffices(
  db: Executor,
  rows: {
    id: number;
    title: string;
    public_message: string;
    status: 'open' | 'resolved';
    category_id: number | null;
    created_at: number;
    resolved_at: number | null;
    resolution_note: string | null;
  }[],
): Promise<IncidentRow[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const offices = await db.selectFrom('incident_offices').select(['incident_id', 'office_id']).where('incident_id', 'in', ids).orderBy('office_id').execute();
  const counts = await db
    .selectFrom('tickets')
    .select((eb) => ['incident_id', eb.fn.countAll<number>().as('n')])
    .where('incident_id', 'in', ids)
    .groupBy('incident_id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    publicMessage: r.public_message,
    status: r.status,
    categoryId: r.category_id,
    officeIds: offices.filter((o) => o.incident_id === r.id).map((o) => o.office_id),
    since: Number(r.created_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    resolutionNote: r.resolution_note,
    ticketCount: Number(counts.find((c) => c.incident_id === r.id)?.n ?? 0),
  }));
}

const columns = ['id', 'title', 'public_message', 'status', 'category_id', 'created_at', 'resolved_at', 'resolution_note'] as const;

export async function findIncident(db: Executor, id: number): Promise<IncidentRow | null> {
  const rows = await db.selectFrom('incidents').select(columns).where('id', '=', id).execute();
  return (await withOffices(db, rows))[0] ?? null;
}

export async function listIncidents(db: Executor, status?: 'open' | 'resolved'): Promise<IncidentRow[]> {
  let q = db.selectFrom('incidents').select(columns).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200);
  if (status) q = q.where('status', '=', status);
  return withOffices(db, await q.execute());
}

/** Marks the incident resolved if it is still open; false when someone resolved it first. */
export async function resolveIncidentRow(db: Executor, id: number, note: string, at: number): Promise<boolean> {
  const r = await db.updateTable('incidents').set({ status: 'resolved', resolved_at: at, resolution_note: note }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface LinkableTicket {
  id: number;
  code: string;
  status: TicketStatus;
  incidentId: number | null;
  incidentOpen: boolean;
}

/** The tickets with these codes, with the incident each is linked to (if any) and whether it is open. */
export async function ticketsByCodes(db: Executor, codes: string[]): Promise<LinkableTicket[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('tickets')
    .leftJoin('incidents', 'incidents.id', 'tickets.incident_id')
    .select(['tickets.id', 'tickets.code', 'tickets.status', 'tickets.incident_id', 'incidents.status as incident_status'])
    .where('tickets.code', 'in', codes)
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, status: r.status, incidentId: r.incident_id, incidentOpen: r.incident_status === 'open' }));
}

export async function setTicketIncident(db: Executor, ticketIds: number[], incidentId: number | null, at: number): Promise<void> {
  if (ticketIds.length === 0) return;
  await db.updateTable('tickets').set({ incident_id: incidentId, updated_at: at }).where('id', 'in', ticketIds).execute();
}

/** The open children of an incident (what resolving it resolves). */
export async function openChildren(
  db: Executor,
  incidentId: number,
): Promise<{ id: number; code: string; status: TicketStatus; assigneeId: number | null; waitingSince: number | null; createdAt: number }[]> {
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'code', 'status', 'assignee_id', 'waiting_since', 'created_at'])
    .where('incident_id', '=', incidentId)
    .where('status', 'in', ['registered', 'in_progress', 'waiting'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    status: r.status,
    assigneeId: r.assignee_id,
    waitingSince: r.waiting_since === null ? null : Number(r.waiting_since),
    createdAt: Number(r.created_at),
  }));
}

/** Which of these ids are existing categories / offices (to refuse unknown ones with a 422). */
export async function existingCategory(db: Executor, id: number): Promise<boolean> {
  return (await db.selectFrom('categories').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function existingOffices(db: Executor, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('offices').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
}

/** What a filing linked at once is told about (the 201 answer's `incident`). */
export interface IncidentBrief {
  id: number;
  title: string;
  publicMessage: string;
}

// The one lookup a filing makes: an open incident of the ticket's category, for the filer's office
// or with no office list (the oldest first). Reads `incidents_status_category_idx`; open incidents
// are few, so the office checks touch a handful of rows.
const openIncidentForFilingQuery = prepared((db, categoryId: number, officeId: number) =>
  db
    .selectFrom('incidents')
    .select(['incidents.id', 'incidents.title', 'incidents.public_message'])
    .where('incidents.status', '=', 'open')
    .where('incidents.category_id', '=', categoryId)
    .where((eb) =>
      eb.or([
        eb.not(eb.exists(eb.selectFrom('incident_offices').select('incident_offices.office_id').whereRef('incident_offices.incident_id', '=', 'incidents.id'))),
        eb.exists(
          eb.selectFrom('incident_offices').select('incident_offices.office_id').whereRef('incident_offices.incident_id', '=', 'incidents.id').where('incident_offices.office_id', '=', officeId),
        ),
      ]),
    )
    .orderBy('incidents.id')
    .limit(1),
);

/** The open incident a new ticket of this category and office joins at once, if any. */
export async function openIncidentForFiling(db: Executor, categoryId: number, officeId: number): Promise<IncidentBrief | null> {
  const r = await openIncidentForFilingQuery.first(db, categoryId, officeId);
  return r ? { id: r.id, title: r.title, publicMessage: r.public_message } : null;
}

/**
 * The incident if it is still open, with a shared row lock (PostgreSQL, MariaDB) held until the
 * caller commits: resolving it (an UPDATE of that row) waits for a filing that is joining it, so a
 * ticket can never join an incident resolved meanwhile and be left out of the queue for good.
 */
export async function lockOpenIncident(db: Executor, dialect: DialectName, id: number): Promise<IncidentBrief | null> {
  let q = db.selectFrom('incidents').select(['id', 'title', 'public_message']).where('id', '=', id).where('status', '=', 'open');
  // MariaDB has no FOR SHARE; LOCK IN SHARE MODE is the same lock (and MySQL accepts it too).
  if (dialect === 'postgres') q = q.forShare();
  else if (dialect === 'mysql') q = q.modifyEnd(sql`lock in share mode`);
  const r = await q.executeTakeFirst();
  return r ? { id: r.id, title: r.title, publicMessage: r.public_message } : null;
}

export interface IncidentEvent {
  ticketId: number;
  incidentId: number;
  type: 'incident_joined' | 'incident_linked' | 'incident_unlinked';
  actorUserId: number | null;
  channel: Channel;
  at: number;
}

/** The timeline rows of linking (`incident_joined` at filing, `incident_linked` by staff) and unlinking. */
export async function insertIncidentEvents(db: Executor, events: IncidentEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('ticket_events')
    .values(
      events.map((e) => ({
        ticket_id: e.ticketId,
        type: e.type,
        from_status: null,
        to_status: null,
        actor_user_id: e.actorUserId,
        channel: e.channel,
        note: null,
        at: e.at,
        incident_id: e.incidentId,
      })),
    )
    .execute();
}

/** What a child's tracking page shows of its incident: no codes, no staff names. */
export interface PublicIncidentView {
  id: number;
  title: string;
  publicMessage: string;
  status: 'open' | 'resolved';
  since: number;
  resolvedAt: number | null;
  /** Public updates, oldest first. */
  updates: { message: string; at: number }[];
}

export async function findPublicIncident(db: Executor, id: number): Promise<PublicIncidentView | null> {
  const [r, updates] = await Promise.all([
    db.selectFrom('incidents').select(['id', 'title', 'public_message', 'status', 'created_at', 'resolved_at']).where('id', '=', id).executeTakeFirst(),
    db.selectFrom('incident_updates').select(['message', 'created_at']).where('incident_id', '=', id).orderBy('created_at').orderBy('id').limit(100).execute(),
  ]);
  if (!r) return null;
  return {
    id: r.id,
    title: r.title,
    publicMessage: r.public_message,
    status: r.status,
    since: Number(r.created_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    updates: updates.map((u) => ({ message: u.message, at: Number(u.created_at) })),
  };
}

export async function insertIncidentUpdate(db: Executor, u: { incidentId: number; message: string; createdBy: number | null; at: number }): Promise<number> {
  const insert = db.insertInto('incident_updates').values({ incident_id: u.incidentId, message: u.message, created_by: u.createdBy, created_at: u.at });
  // MariaDB has no RETURNING: its id comes back as insertId.
  const r = await (db.getExecutor().adapter.supportsReturning ? insert.returning('id') : insert).executeTakeFirstOrThrow();
  return Number('id' in r ? r.id : (r as { insertId?: bigint }).insertId);
}

/** The ids of an incident's open children (who hears about a public update). */
export async function openChildIds(db: Executor, incidentId: number): Promise<number[]> {
  const rows = await db.selectFrom('tickets').select('id').where('incident_id', '=', incidentId).where('status', 'in', ['registered', 'in_progress', 'waiting']).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** What a follower is told about an incident: its title, and the update's text (or the public message). */
export async function incidentNewsText(db: Executor, incidentId: number, updateId?: number): Promise<{ title: string; message: string } | null> {
  const incident = await db.selectFrom('incidents').select(['title', 'public_message']).where('id', '=', incidentId).executeTakeFirst();
  if (!incident) return null;
  if (updateId === undefined) return { title: incident.title, message: incident.public_message };
  const update = await db.selectFrom('incident_updates').select('message').where('id', '=', updateId).where('incident_id', '=', incidentId).executeTakeFirst();
  return update ? { title: incident.title, message: update.message } : null;
}

/** The resolved incident a ticket is a child of, with its note (what a resolved child's followers read). */
export async function resolvedIncidentOfTicket(db: Executor, ticketId: number): Promise<{ title: string; note: string } | null> {
  const r = await db
    .selectFrom('tickets')
    .innerJoin('incidents', 'incidents.id', 'tickets.incident_id')
    .select(['incidents.title', 'incidents.resolution_note'])
    .where('tickets.id', '=', ticketId)
    .where('incidents.status', '=', 'resolved')
    .executeTakeFirst();
  return r ? { title: r.title, note: r.resolution_note ?? '' } : null;
}

/** The open incidents as the assistant sees them (public fields only), oldest first. */
export async function listOpenIncidentsForChat(db: Executor): Promise<{ id: number; title: string; publicMessage: string; categoryId: number | null }[]> {
  const rows = await db.selectFrom('incidents').select(['id', 'title', 'public_message', 'category_id']).where('status', '=', 'open').orderBy('id').limit(50).execute();
  return rows.map((r) => ({ id: r.id, title: r.title, publicMessage: r.public_message, categoryId: r.category_id }));
}

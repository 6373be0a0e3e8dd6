/**
 * SQL of the personal-data retention purge. Tickets are never deleted or re-dated (the metrics
 * rollups rely on it): only the columns that identify the requester change, and `anonymised_at`.
 */
import type { DialectName, Executor } from '../db/database';
import { insertReturningId } from '../db/dialect';

/** The directory entry every anonymised ticket points to: not a DNI (letters), never active. */
export const ANONYMOUS_DNI = 'ANONIMO0';

export async function anonymousRequesterId(db: Executor, dialect: DialectName, now: number): Promise<number> {
  const found = await db.selectFrom('staff').select('id').where('dni', '=', ANONYMOUS_DNI).executeTakeFirst();
  if (found) return found.id;
  try {
    return await insertReturningId(db, dialect, 'staff', {
      dni: ANONYMOUS_DNI,
      first_name: 'Solicitante',
      last_name: 'anonimizado',
      phone: null,
      email: null,
      active: 0,
      created_at: now,
      updated_at: now,
    });
  } catch (err) {
    const raced = await db.selectFrom('staff').select('id').where('dni', '=', ANONYMOUS_DNI).executeTakeFirst();
    if (!raced) throw err;
    return raced.id;
  }
}

export interface TicketToAnonymise {
  id: number;
  description: string;
  requester: { firstName: string; lastName: string };
}

/** Up to `limit` tickets closed before `cutoff` that still carry their requester's data. */
export async function ticketsToAnonymise(db: Executor, cutoff: number, limit: number): Promise<TicketToAnonymise[]> {
  const rows = await db
    .selectFrom('tickets')
    .innerJoin('staff', 'staff.id', 'tickets.staff_id')
    .select(['tickets.id', 'tickets.description', 'staff.first_name', 'staff.last_name'])
    .where('tickets.closed_at', '<', cutoff)
    .where('tickets.anonymised_at', 'is', null)
    .orderBy('tickets.closed_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, description: r.description, requester: { firstName: r.first_name, lastName: r.last_name } }));
}

export interface TicketTexts {
  messages: { id: number; body: string }[];
  notes: { id: number; note: string }[];
  surveyComment: string | null;
}

export async function ticketTexts(db: Executor, ticketId: number): Promise<TicketTexts> {
  const messages = await db.selectFrom('ticket_messages').select(['id', 'body']).where('ticket_id', '=', ticketId).execute();
  const notes = await db.selectFrom('ticket_events').select(['id', 'note']).where('ticket_id', '=', ticketId).where('note', 'is not', null).execute();
  const survey = await db.selectFrom('ticket_surveys').select('comment').where('ticket_id', '=', ticketId).executeTakeFirst();
  return { messages, notes: notes.map((n) => ({ id: n.id, note: n.note! })), surveyComment: survey?.comment ?? null };
}

export interface AnonymisedTicket {
  ticketId: number;
  anonymousStaffId: number;
  description: string;
  messages: { id: number; body: string }[];
  notes: { id: number; note: string }[];
  surveyComment: string | null;
  now: number;
}

/** Writes one ticket's anonymised texts and removes its links to the person (one transaction). */
export async function writeAnonymisedTicket(db: Executor, a: AnonymisedTicket): Promise<void> {
  await db
    .updateTable('tickets')
    .set({ staff_id: a.anonymousStaffId, contact_phone: null, description: a.description, anonymised_at: a.now })
    .where('id', '=', a.ticketId)
    .where('anonymised_at', 'is', null)
    .execute();
  for (const m of a.messages) await db.updateTable('ticket_messages').set({ body: m.body }).where('id', '=', m.id).execute();
  for (const n of a.notes) await db.updateTable('ticket_events').set({ note: n.note }).where('id', '=', n.id).execute();
  if (a.surveyComment !== null) await db.updateTable('ticket_surveys').set({ comment: a.surveyComment }).where('ticket_id', '=', a.ticketId).execute();
  // Who followed it (Telegram chats) and the one-time links that led there.
  await db.deleteFrom('ticket_subscriptions').where('ticket_id', '=', a.ticketId).execute();
  await db.deleteFrom('link_tokens').where('ticket_id', '=', a.ticketId).execute();
  await db.updateTable('notifications').set({ chat_id: null }).where('ticket_id', '=', a.ticketId).where('user_id', 'is', null).execute();
}

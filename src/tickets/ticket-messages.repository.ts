/**
 * SQL for the conversation with the requester (`ticket_messages`): public replies from staff and
 * the requester's answers. Internal notes are `ticket_events` rows and never come out of here.
 * Rows become domain objects before they leave this file.
 */
import type { DialectName, Executor } from '../db/database';
import { insertReturningId } from '../db/dialect';
import { prepared } from '../db/prepared';
import type { Channel, TicketMessagesTable } from '../db/schema';

export type MessageAuthorKind = TicketMessagesTable['author_kind'];

export interface TicketMessage {
  id: number;
  ticketId: number;
  from: MessageAuthorKind;
  /** The staff author's full name (presenters show only the first name to the public). */
  authorFullName: string | null;
  authorUserId: number | null;
  text: string;
  channel: Channel;
  at: number;
}

export interface NewTicketMessage {
  ticketId: number;
  from: MessageAuthorKind;
  authorUserId: number | null;
  text: string;
  channel: Channel;
  at: number;
}

/** Writes one message (inside the change's transaction) and returns its id. */
export async function insertTicketMessage(db: Executor, dialect: DialectName, m: NewTicketMessage): Promise<number> {
  return insertReturningId(db, dialect, 'ticket_messages', {
    ticket_id: m.ticketId,
    author_kind: m.from,
    author_user_id: m.authorUserId,
    body: m.text,
    channel: m.channel,
    created_at: m.at,
  });
}

const messageColumns = (db: Executor) =>
  db
    .selectFrom('ticket_messages')
    .leftJoin('users', 'users.id', 'ticket_messages.author_user_id')
    .select([
      'ticket_messages.id',
      'ticket_messages.ticket_id',
      'ticket_messages.author_kind',
      'ticket_messages.author_user_id',
      'ticket_messages.body',
      'ticket_messages.channel',
      'ticket_messages.created_at',
      'users.full_name as authorFullName',
    ]);

type MessageRow = Awaited<ReturnType<ReturnType<typeof messageColumns>['executeTakeFirstOrThrow']>>;

const toMessage = (r: MessageRow): TicketMessage => ({
  id: Number(r.id),
  ticketId: r.ticket_id,
  from: r.author_kind,
  authorFullName: r.authorFullName ?? null,
  authorUserId: r.author_user_id,
  text: r.body,
  channel: r.channel,
  at: Number(r.created_at),
});

// On the public tracking path: compiled once, read on the (ticket_id, id) index.
const ticketMessagesQuery = prepared((db, ticketId: number) => messageColumns(db).where('ticket_messages.ticket_id', '=', ticketId).orderBy('ticket_messages.id', 'asc'));

/** A ticket's conversation, oldest first (ids grow with time; ties of one millisecond keep order). */
export async function listTicketMessages(db: Executor, ticketId: number): Promise<TicketMessage[]> {
  return (await ticketMessagesQuery.rows(db, ticketId)).map(toMessage);
}

export async function findTicketMessage(db: Executor, messageId: number): Promise<TicketMessage | null> {
  const r = await messageColumns(db).where('ticket_messages.id', '=', messageId).executeTakeFirst();
  return r ? toMessage(r) : null;
}

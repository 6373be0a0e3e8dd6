/** SQL of attachments: the rows that name a stored file and say what it is attached to. */
import type { Selectable } from 'kysely';
import type { Executor } from '../db/database';
import type { AttachmentsTable } from '../db/schema';
import type { AttachmentType } from './prepare-file';

export interface AttachmentRecord {
  id: string;
  ticketId: number | null;
  eventId: number | null;
  messageId: number | null;
  sha256: string;
  name: string;
  type: AttachmentType;
  size: number;
  position: number;
  createdAt: number;
}

/** A new row is written with every field a stored one has. */
export type NewAttachment = AttachmentRecord;

const COLUMNS = ['id', 'ticket_id', 'event_id', 'message_id', 'sha256', 'name', 'mime', 'size', 'position', 'created_at'] as const;

/** As read: PostgreSQL hands a BIGINT time back as a string. */
type Row = Omit<Selectable<AttachmentsTable>, 'created_at'> & { created_at: number | string };

function toRecord(r: Row): AttachmentRecord {
  return {
    id: r.id,
    ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
    eventId: r.event_id === null ? null : Number(r.event_id),
    messageId: r.message_id === null ? null : Number(r.message_id),
    sha256: r.sha256,
    name: r.name,
    type: r.mime as AttachmentType,
    size: Number(r.size),
    position: Number(r.position),
    createdAt: Number(r.created_at),
  };
}

export async function insertAttachments(db: Executor, rows: NewAttachment[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('attachments')
    .values(
      rows.map((a) => ({
        id: a.id,
        ticket_id: a.ticketId,
        event_id: a.eventId,
        message_id: a.messageId,
        sha256: a.sha256,
        name: a.name,
        mime: a.type,
        size: a.size,
        position: a.position,
        created_at: a.createdAt,
      })),
    )
    .execute();
}

/** Uploads among `ids` not yet attached to any ticket. */
export async function findUnusedUploads(db: Executor, ids: string[]): Promise<AttachmentRecord[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('attachments').select(COLUMNS).where('id', 'in', ids).where('ticket_id', 'is', null).execute();
  return rows.map(toRecord);
}

/** Attaches an unused upload at `position`; false when it was no longer unused (a concurrent claim won). */
export async function claimUpload(db: Executor, id: string, target: { ticketId: number; eventId: number | null; messageId: number | null }, position: number): Promise<boolean> {
  const result = await db
    .updateTable('attachments')
    .set({ ticket_id: target.ticketId, event_id: target.eventId, message_id: target.messageId, position })
    .where('id', '=', id)
    .where('ticket_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0n) === 1;
}

/** Every attachment of a ticket (its own, its notes' and its messages'), oldest first. */
export async function listTicketAttachments(db: Executor, ticketId: number): Promise<AttachmentRecord[]> {
  const rows = await db.selectFrom('attachments').select(COLUMNS).where('ticket_id', '=', ticketId).orderBy('position').orderBy('created_at').execute();
  return rows.map(toRecord);
}

export async function findTicketAttachment(db: Executor, ticketId: number, id: string): Promise<AttachmentRecord | null> {
  const row = await db.selectFrom('attachments').select(COLUMNS).where('ticket_id', '=', ticketId).where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function countRowsWithHash(db: Executor, sha256: string): Promise<number> {
  const r = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('sha256', '=', sha256)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Deletes up to `limit` uploads never attached and created before `cutoff`; says how many, and their hashes. */
export async function purgeUnusedUploads(db: Executor, cutoff: number, limit: number): Promise<{ deleted: number; hashes: string[] }> {
  const rows = await db.selectFrom('attachments').select(['id', 'sha256']).where('ticket_id', 'is', null).where('created_at', '<', cutoff).orderBy('created_at').limit(limit).execute();
  return deleteRows(db, rows, { unattachedOnly: true });
}

/** Deletes these rows (only those still unattached when `unattachedOnly`); says how many, and their files' hashes. */
async function deleteRows(db: Executor, rows: { id: string; sha256: string }[], { unattachedOnly }: { unattachedOnly: boolean }): Promise<{ deleted: number; hashes: string[] }> {
  if (!rows.length) return { deleted: 0, hashes: [] };
  let query = db.deleteFrom('attachments').where(
    'id',
    'in',
    rows.map((r) => r.id),
  );
  if (unattachedOnly) query = query.where('ticket_id', 'is', null);
  const result = await query.executeTakeFirst();
  return { deleted: Number(result.numDeletedRows ?? 0n), hashes: [...new Set(rows.map((r) => r.sha256))] };
}

/**
 * Deletes up to `limit` attachments of tickets the retention purge anonymised (photos and
 * documents can show the requester); says how many, and their hashes.
 */
export async function purgeAnonymisedTicketAttachments(db: Executor, limit: number): Promise<{ deleted: number; hashes: string[] }> {
  const rows = await db
    .selectFrom('attachments')
    .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
    .select(['attachments.id', 'attachments.sha256'])
    .where('tickets.anonymised_at', 'is not', null)
    .orderBy('attachments.id')
    .limit(limit)
    .execute();
  return deleteRows(db, rows, { unattachedOnly: false });
}

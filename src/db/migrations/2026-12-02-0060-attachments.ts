/**
 * Attachments (issue 17): one row per file attached to a ticket, to a note (`event_id`, a
 * `ticket_events` row) or to a conversation message (`message_id`, a `ticket_messages` row); no
 * foreign key on `message_id` so this migration does not depend on the conversation's. The file
 * itself lives on disk, named by `sha256`; a row with no ticket yet is an upload waiting to be used
 * (`POST /attachments`), purged after a day. Portable; re-runnable on MariaDB (no transactional
 * DDL). Never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import { createIndex, dialectOf } from '../schema-steps';

const INDEXES: [name: string, columns: string[]][] = [
  ['attachments_ticket_idx', ['ticket_id']],
  ['attachments_unused_idx', ['ticket_id', 'created_at']],
  ['attachments_sha256_idx', ['sha256']],
];

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  let t = db.schema
    .createTable('attachments')
    .ifNotExists()
    // A random public id: an upload's id is all a client needs to attach it, so it must not be guessable.
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id'))
    .addColumn('event_id', 'integer', (c) => c.references('ticket_events.id'))
    .addColumn('message_id', 'integer')
    .addColumn('sha256', 'char(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('mime', 'varchar(40)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // Order within the ticket, note or message it is attached to (ids are random).
    .addColumn('position', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  if (dialect === 'mysql') t = t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await t.execute();
  for (const [name, columns] of INDEXES) await createIndex(db, dialect, name, 'attachments', columns);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachments').ifExists().execute();
}

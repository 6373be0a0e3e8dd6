/**
 * The conversation with the requester (issue 17): `ticket_messages` holds public replies from
 * staff and the requester's answers (notes stay in `ticket_events`), and `staff.email` lets
 * followers hear about replies by e-mail. `tickets.waiting_since` / `waiting_ms` keep the time a
 * ticket spent waiting for the requester (shown apart on the dashboards; the SLA clock pauses). Portable; re-runnable on MariaDB (no transactional DDL).
 * Never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import { createIndex, dialectOf, hasColumn } from '../schema-steps';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  let t = db.schema.createTable('ticket_messages').ifNotExists();
  t = dialect === 'postgres' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  t = t
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    // 'staff' (a public reply) or 'requester' (an answer from the tracking page).
    .addColumn('author_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  if (dialect === 'mysql') t = t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await t.execute();

  await createIndex(db, dialect, 'ticket_messages_ticket_idx', 'ticket_messages', ['ticket_id', 'id']);

  if (!(await hasColumn(db, 'staff', 'email'))) {
    await db.schema.alterTable('staff').addColumn('email', 'varchar(254)').execute();
  }
  if (!(await hasColumn(db, 'tickets', 'waiting_since'))) {
    await db.schema.alterTable('tickets').addColumn('waiting_since', 'bigint').execute();
  }
  if (!(await hasColumn(db, 'tickets', 'waiting_ms'))) {
    await db.schema
      .alterTable('tickets')
      .addColumn('waiting_ms', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (await hasColumn(db, 'tickets', 'waiting_ms')) await db.schema.alterTable('tickets').dropColumn('waiting_ms').execute();
  if (await hasColumn(db, 'tickets', 'waiting_since')) await db.schema.alterTable('tickets').dropColumn('waiting_since').execute();
  if (await hasColumn(db, 'staff', 'email')) await db.schema.alterTable('staff').dropColumn('email').execute();
  await db.schema.dropTable('ticket_messages').ifExists().execute();
}

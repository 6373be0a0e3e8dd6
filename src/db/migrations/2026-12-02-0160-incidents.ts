/**
 * Major incidents (issue 19): one outage, one ticket.
 * - `incidents`: title, public message, status (`open` | `resolved`), the category and the resolution.
 * - `incident_offices`: the affected offices (none = every office).
 * - `tickets.incident_id`: the incident a ticket is a child of (null = not linked). A child is out of
 *   the FIFO queue and take-next; unlinking sets it back to null and, since `queued_at` is untouched,
 *   the ticket is back at its original place.
 * Portable; re-runnable on MariaDB (no transactional DDL). Never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import { createIndex, dialectOf, hasColumn } from '../schema-steps';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  const engine = <T extends { modifyEnd(s: unknown): T }>(b: T): T => (dialect === 'mysql' ? b.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : b);
  await engine(
    db.schema
      .createTable('incidents')
      .ifNotExists()
      .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('title', 'varchar(200)', (c) => c.notNull())
      .addColumn('public_message', 'varchar(2000)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('open'))
      .addColumn('category_id', 'integer', (c) => c.references('categories.id'))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('resolved_at', 'bigint')
      .addColumn('resolution_note', 'varchar(2000)'),
  ).execute();
  await engine(
    db.schema
      .createTable('incident_offices')
      .ifNotExists()
      .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id'))
      .addColumn('office_id', 'integer', (c) => c.notNull().references('offices.id'))
      .addPrimaryKeyConstraint('incident_offices_pk', ['incident_id', 'office_id']),
  ).execute();
  if (!(await hasColumn(db, 'tickets', 'incident_id'))) {
    await db.schema.alterTable('tickets').addColumn('incident_id', 'integer').execute();
  }
  await createIndex(db, dialect, 'tickets_incident_idx', 'tickets', ['incident_id']);
}

export async function down(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  let b = db.schema.dropIndex('tickets_incident_idx');
  b = dialect === 'mysql' ? b.on('tickets') : b.ifExists();
  await b.execute().catch((err: unknown) => {
    if (dialect === 'mysql' && String((err as { code?: string }).code) === 'ER_CANT_DROP_FIELD_OR_KEY') return;
    throw err;
  });
  if (await hasColumn(db, 'tickets', 'incident_id')) await db.schema.alterTable('tickets').dropColumn('incident_id').execute();
  await db.schema.dropTable('incident_offices').ifExists().execute();
  await db.schema.dropTable('incidents').ifExists().execute();
}

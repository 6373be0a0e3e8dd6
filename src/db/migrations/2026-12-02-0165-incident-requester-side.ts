/**
 * Major incidents, the requester's side (issue 19).
 * - `incidents_status_category_idx`: the one lookup a filing makes ("an open incident of this
 *   category?") reads this index only.
 * - `ticket_events.incident_id`: the incident a timeline row is about. `incident_joined` = linked at
 *   filing (automatically, or with "Sumarme": a filing deflected); `incident_linked` /
 *   `incident_unlinked` = staff linked or unlinked it.
 * - `incident_updates`: the public updates staff post on an open incident (every follower of a child
 *   is told; the tracking pages show them).
 * Portable; re-runnable on MariaDB (no transactional DDL). Never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf, hasColumn, createIndex, dropIndex } from '../schema-steps';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  const engine = <T extends { modifyEnd(s: unknown): T }>(b: T): T => (dialect === 'mysql' ? b.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : b);
  await createIndex(db, dialect, 'incidents_status_category_idx', 'incidents', ['status', 'category_id']);
  if (!(await hasColumn(db, 'ticket_events', 'incident_id'))) {
    await db.schema.alterTable('ticket_events').addColumn('incident_id', 'integer').execute();
  }
  // Deflected filings per incident (the indicators) and a child's incident rows.
  await createIndex(db, dialect, 'ticket_events_incident_idx', 'ticket_events', ['incident_id', 'type']);
  await engine(
    db.schema
      .createTable('incident_updates')
      .ifNotExists()
      .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id'))
      .addColumn('message', 'varchar(2000)', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull()),
  ).execute();
  await createIndex(db, dialect, 'incident_updates_incident_idx', 'incident_updates', ['incident_id', 'created_at']);
}

export async function down(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  await dropIndex(db, dialect, 'incident_updates_incident_idx', 'incident_updates');
  await db.schema.dropTable('incident_updates').ifExists().execute();
  await dropIndex(db, dialect, 'ticket_events_incident_idx', 'ticket_events');
  if (await hasColumn(db, 'ticket_events', 'incident_id')) await db.schema.alterTable('ticket_events').dropColumn('incident_id').execute();
  await dropIndex(db, dialect, 'incidents_status_category_idx', 'incidents');
}

/**
 * Suggested major incidents (issue 19): `incident_suggestions` records each suggestion the detector
 * raised, so that on-duty staff are told once per suggestion, however many tickets join it and
 * however many processes (web instances, workers) run the detector.
 * - `active_category_id`: the category while the suggestion is active, null once it has ended. Its
 *   UNIQUE index is the guard: one active suggestion per category, whoever inserts it first wins
 *   (several NULLs are allowed on the three databases, so ended suggestions do not collide).
 * - `trigger_ticket_id`: the ticket whose arrival raised it (the staff notices hang on it).
 * - `since`, `ticket_count`, `office_ids` (comma-separated): what the detector saw, for the notice.
 * Portable; re-runnable on MariaDB (no transactional DDL). Never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf, createIndex } from '../schema-steps';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  let t = db.schema
    .createTable('incident_suggestions')
    .ifNotExists()
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id'))
    .addColumn('active_category_id', 'integer')
    .addColumn('trigger_ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('ticket_count', 'integer', (c) => c.notNull())
    .addColumn('office_ids', 'varchar(1000)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint');
  if (dialect === 'mysql') t = t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await t.execute();
  await createIndex(db, dialect, 'incident_suggestions_active_uq', 'incident_suggestions', ['active_category_id'], true);
  await createIndex(db, dialect, 'incident_suggestions_created_idx', 'incident_suggestions', ['created_at']);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('incident_suggestions').ifExists().execute();
}

/**
 * Priorities and service levels (issue 18).
 * - `tickets.lane`: the queue lane of the ticket's priority, 0 critical, 1 high, 2 normal, 3 low —
 *   a number so that one index (status, lane, queued_at, id) serves "critical first, oldest first
 *   in each lane" for the queue and take-next, with no CASE expression in the ORDER BY.
 * - `categories.default_priority`: what a ticket of that category gets at filing.
 * - `tickets.first_response_due_at`, `tickets.resolution_due_at`: the SLA due instants computed on
 *   the business calendar (null while the clock is paused, i.e. while `waiting`, or with no target).
 * - `ticket_events.from_priority`, `to_priority`: the audit of a priority change.
 * - `sla_notices`: one row per ticket and warning kind, so each 75 % warning and each breach notice
 *   goes out once, even with several instances (its primary key is the guard).
 * Portable; re-runnable on MariaDB (no transactional DDL). Never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf, hasColumn, createIndex } from '../schema-steps';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  if (!(await hasColumn(db, 'tickets', 'lane'))) {
    await db.schema
      .alterTable('tickets')
      .addColumn('lane', 'smallint', (c) => c.notNull().defaultTo(2))
      .execute();
  }
  if (!(await hasColumn(db, 'tickets', 'first_response_due_at'))) {
    await db.schema.alterTable('tickets').addColumn('first_response_due_at', 'bigint').execute();
  }
  if (!(await hasColumn(db, 'tickets', 'resolution_due_at'))) {
    await db.schema.alterTable('tickets').addColumn('resolution_due_at', 'bigint').execute();
  }
  // A priority change is audited in the timeline like every change: from which priority to which.
  for (const c of ['from_priority', 'to_priority']) {
    if (!(await hasColumn(db, 'ticket_events', c))) await db.schema.alterTable('ticket_events').addColumn(c, 'varchar(8)').execute();
  }
  if (!(await hasColumn(db, 'categories', 'default_priority'))) {
    await db.schema
      .alterTable('categories')
      .addColumn('default_priority', 'varchar(8)', (c) => c.notNull().defaultTo('normal'))
      .execute();
  }
  // The queue's order: lanes first, FIFO inside each (also what take-next's SKIP LOCKED scan walks).
  await createIndex(db, dialect, 'tickets_status_lane_queue_idx', 'tickets', ['status', 'lane', 'queued_at', 'id']);
  // Open tickets by due time: the warning sweep and "recompute on calendar change" read only these.
  await createIndex(db, dialect, 'tickets_status_resolution_due_idx', 'tickets', ['status', 'resolution_due_at']);

  let t = db.schema
    .createTable('sla_notices')
    .ifNotExists()
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    // first_response_warning | first_response_breach | resolution_warning | resolution_breach
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_notices_pk', ['ticket_id', 'kind']);
  if (dialect === 'mysql') t = t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await t.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  await db.schema.dropTable('sla_notices').ifExists().execute();
  for (const [name, table] of [
    ['tickets_status_resolution_due_idx', 'tickets'],
    ['tickets_status_lane_queue_idx', 'tickets'],
  ] as const) {
    let b = db.schema.dropIndex(name);
    b = dialect === 'mysql' ? b.on(table) : b.ifExists();
    await b.execute().catch((err: unknown) => {
      if (dialect === 'mysql' && String((err as { code?: string }).code) === 'ER_CANT_DROP_FIELD_OR_KEY') return;
      throw err;
    });
  }
  if (await hasColumn(db, 'categories', 'default_priority')) await db.schema.alterTable('categories').dropColumn('default_priority').execute();
  for (const c of ['to_priority', 'from_priority']) {
    if (await hasColumn(db, 'ticket_events', c)) await db.schema.alterTable('ticket_events').dropColumn(c).execute();
  }
  for (const c of ['resolution_due_at', 'first_response_due_at', 'lane']) {
    if (await hasColumn(db, 'tickets', c)) await db.schema.alterTable('tickets').dropColumn(c).execute();
  }
}

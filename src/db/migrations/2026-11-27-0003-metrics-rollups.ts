/**
 * Daily rollups for the dashboard summary (issue: the one-year summary read every notification of
 * the year, ~1.25 M index entries and 250,000 index probes on a million-ticket history).
 *
 * - `metrics_ticket_days`: per UTC day of registration, what the notifications of that day's
 *   tickets add up to (sent, opened, response times), with the tickets' fingerprint at the time.
 * - `metrics_notification_days`: per UTC day of creation, counts of notifications, of those with
 *   `sent_at` and of those with `opened_at` — all three only ever grow, so an unchanged count means
 *   no notification of that day was added, delivered or opened since.
 * - `metrics_rollup_lock`: one row, updated first in every rollup write so writers take turns.
 *
 * Only the metrics module writes them, on reads; filing and the worker never touch them.
 * Portable; re-runnable on MariaDB (no transactional DDL). Never imports application code.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../schema-steps';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  const table = (name: string) => {
    let t: CreateTableBuilder<any, any> = db.schema.createTable(name).ifNotExists();
    if (dialect === 'mysql') t = t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    return t;
  };

  await table('metrics_ticket_days')
    .addColumn('day', 'bigint', (c) => c.primaryKey())
    // Fingerprint of the day's tickets when the row was computed.
    .addColumn('tickets', 'bigint', (c) => c.notNull())
    .addColumn('first_actions', 'bigint', (c) => c.notNull())
    .addColumn('first_action_ms', 'bigint', (c) => c.notNull())
    // What their technician notifications add up to.
    .addColumn('sent', 'bigint', (c) => c.notNull())
    .addColumn('opened', 'bigint', (c) => c.notNull())
    .addColumn('responded', 'bigint', (c) => c.notNull())
    .addColumn('response_ms', 'bigint', (c) => c.notNull())
    .execute();

  await table('metrics_notification_days')
    .addColumn('day', 'bigint', (c) => c.primaryKey())
    .addColumn('notifications', 'bigint', (c) => c.notNull())
    .addColumn('sent', 'bigint', (c) => c.notNull())
    .addColumn('opened', 'bigint', (c) => c.notNull())
    .execute();

  await table('metrics_rollup_lock')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  const existing = await db.selectFrom('metrics_rollup_lock').select('id').where('id', '=', 1).executeTakeFirst();
  if (!existing) await db.insertInto('metrics_rollup_lock').values({ id: 1, version: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['metrics_rollup_lock', 'metrics_notification_days', 'metrics_ticket_days']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}

/**
 * FAQ entries can say that their case needs a technician (issue 15): `faqs.needs_ticket`, 0 or 1,
 * default 0. Answering with such an entry offers a ticket. Portable; re-runnable on MariaDB (no
 * transactional DDL: the column is added only when missing). Never imports application code.
 */
import type { Kysely } from 'kysely';
import { hasColumn } from '../schema-steps';

export async function up(db: Kysely<any>): Promise<void> {
  if (await hasColumn(db, 'faqs', 'needs_ticket')) return;
  await db.schema
    .alterTable('faqs')
    .addColumn('needs_ticket', 'smallint', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(await hasColumn(db, 'faqs', 'needs_ticket'))) return;
  await db.schema.alterTable('faqs').dropColumn('needs_ticket').execute();
}

/**
 * The resolution time in business minutes (issue 18, point 6): `tickets.resolution_business_minutes`,
 * the institution's calendar minutes from registration to resolution, stored when a ticket is
 * resolved (cleared when it is reopened) so the indicators can show it beside the wall-clock one
 * with one AVG, with no calendar arithmetic in SQL. Tickets resolved before this migration keep it
 * null and are left out of that average (a backfill needs the calendar, which is application code;
 * migrations never import it). Portable; re-runnable on MariaDB (no transactional DDL).
 */
import type { Kysely } from 'kysely';
import { hasColumn } from '../schema-steps';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(await hasColumn(db, 'tickets', 'resolution_business_minutes'))) {
    await db.schema.alterTable('tickets').addColumn('resolution_business_minutes', 'integer').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (await hasColumn(db, 'tickets', 'resolution_business_minutes')) await db.schema.alterTable('tickets').dropColumn('resolution_business_minutes').execute();
}

/**
 * The database server's own clock (`npm run doctor` compares it with this machine's: tickets,
 * job schedules and session expiry are written with the app's clock and compared in SQL with
 * values from other instances). SQLite runs inside this process, so it has no clock of its own.
 */
import { sql } from 'kysely';
import type { Database } from './database';

/** Milliseconds since the epoch by the database server; null on SQLite. */
export async function databaseNow(database: Database): Promise<number | null> {
  if (database.dialect === 'sqlite') return null;
  const query =
    database.dialect === 'postgres'
      ? sql<{ now: string | number }>`select (extract(epoch from clock_timestamp()) * 1000)::bigint as now`
      : sql<{ now: string | number }>`select cast(unix_timestamp(now(3)) * 1000 as signed) as now`;
  const { rows } = await query.execute(database.db);
  return Number(rows[0]!.now);
}

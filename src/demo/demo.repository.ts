/**
 * SQL of the demo loader: multi-row inserts in chunks (the three engines cap the parameters of
 * one statement: SQLite 32,766, PostgreSQL and MariaDB 65,535), and id look-ups by natural key
 * (MariaDB has no RETURNING, so ids are read back after each batch).
 */
import type { Insertable } from 'kysely';
import type { Executor } from '../db/database';
import type { DB } from '../db/schema';

/** Rows per INSERT: at most ~15 columns × 200 rows = 3,000 parameters. */
const CHUNK_ROWS = 200;

export async function anyOfficeExists(db: Executor): Promise<boolean> {
  return (await db.selectFrom('offices').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function insertRows<T extends keyof DB & string>(db: Executor, table: T, rows: Insertable<DB[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK_ROWS) as never)
      .execute();
  }
}

const toMap = <K>(rows: { id: number; key: K }[]) => new Map(rows.map((r) => [r.key, r.id]));

export async function officeIdsByCode(db: Executor): Promise<Map<string | null, number>> {
  return toMap(await db.selectFrom('offices').select(['id', 'code as key']).execute());
}

export async function staffIdsByDni(db: Executor): Promise<Map<string, number>> {
  return toMap(await db.selectFrom('staff').select(['id', 'dni as key']).execute());
}

export async function categoryIdsByName(db: Executor): Promise<Map<string, number>> {
  return toMap(await db.selectFrom('categories').select(['id', 'name as key']).execute());
}

export async function userIdsByUsername(db: Executor, usernames: readonly string[]): Promise<Map<string, number>> {
  if (usernames.length === 0) return new Map();
  return toMap(await db.selectFrom('users').select(['id', 'username as key']).where('username', 'in', usernames).execute());
}

export async function faqIdsByQuestion(db: Executor): Promise<Map<string, number>> {
  return toMap(await db.selectFrom('faqs').select(['id', 'question as key']).execute());
}

export async function ticketIdsByCode(db: Executor, codes: readonly string[]): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  for (let i = 0; i < codes.length; i += CHUNK_ROWS) {
    const rows = await db
      .selectFrom('tickets')
      .select(['id', 'code'])
      .where('code', 'in', codes.slice(i, i + CHUNK_ROWS))
      .execute();
    for (const r of rows) map.set(r.code, r.id);
  }
  return map;
}

export async function assetIdsByCode(db: Executor): Promise<Map<string, number>> {
  const rows = await db.selectFrom('assets').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * Where the three engines differ, one helper here hides it (style guide, habit 5).
 * - MariaDB/MySQL has no `RETURNING`: inserted ids come from `insertId`.
 * - SQLite has no `FOR UPDATE SKIP LOCKED`: its writers are already serialized.
 * - Unique violations carry different error codes.
 * - `LIKE` is case-sensitive on PostgreSQL only.
 */
import { MysqlAdapter, sql, type Expression, type SqlBool, type SelectQueryBuilder } from 'kysely';
import type { DB } from './schema';
import type { DialectName, Executor } from './database';

/** True for MariaDB/MySQL, from the executor alone (for builders that only get an executor). */
export const isMysqlExecutor = (db: Executor): boolean => db.getExecutor().adapter instanceof MysqlAdapter;

/** Inserts one row and returns its auto-increment id, on every dialect. */
export async function insertReturningId<T extends keyof DB & string>(
  db: Executor,
  dialect: DialectName,
  table: T,
  values: Record<string, unknown>,
): Promise<number> {
  const q = db.insertInto(table).values(values as never);
  if (dialect === 'mysql') {
    const r = await q.executeTakeFirstOrThrow();
    return Number(r.insertId);
  }
  const row = (await q.returning('id' as never).executeTakeFirstOrThrow()) as unknown as { id: number };
  return Number(row.id);
}

/** True when the error is a unique-constraint violation on any of the three engines. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number } | null;
  if (!e) return false;
  return (
    e.code === '23505' || // PostgreSQL
    e.code === 'ER_DUP_ENTRY' || // MariaDB/MySQL
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** True when the database could not be reached (restart, network): answered as 503. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  const codes = [
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'PROTOCOL_CONNECTION_LOST',
    'ER_SERVER_SHUTDOWN',
    'ECONNABORTED',
    'ER_CON_COUNT_ERROR',
    '57P01', // admin_shutdown
    '57P02',
    '57P03', // cannot_connect_now
    '08000',
    '08003',
    '08006',
    '53300', // too_many_connections
    'SQLITE_BUSY',
  ];
  if (e.code && codes.includes(e.code)) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Pool is closed|Can't add new command when connection is in closed state/i.test(
    e.message ?? '',
  );
}

/**
 * True when the database refused a value itself (out of range, too long, not valid for the column
 * type): the input was bad, so it is answered 400, never 500. PostgreSQL's class 22 "data exception";
 * MariaDB's strict-mode value errors. (SQLite stores what it is given.)
 */
export function isDataError(err: unknown): boolean {
  const e = err as { code?: string; errno?: number } | null;
  if (!e) return false;
  if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) return true;
  return [1264, 1265, 1292, 1366, 1367, 1406].includes(Number(e.errno)) && typeof e.code === 'string' && e.code.startsWith('ER_') || e.code === 'WARN_DATA_TRUNCATED';
}

/** Adds `FOR UPDATE SKIP LOCKED` where the engine has it (PostgreSQL, MariaDB ≥ 10.6). */
export function forUpdateSkipLocked<O>(
  qb: SelectQueryBuilder<DB, any, O>,
  dialect: DialectName,
): SelectQueryBuilder<DB, any, O> {
  return dialect === 'sqlite' ? qb : qb.forUpdate().skipLocked();
}

/** Case-insensitive "contains" for free-text filters. */
export function containsIgnoringCase(dialect: DialectName, column: Expression<unknown>, needle: string): Expression<SqlBool> {
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (dialect === 'postgres') return sql<SqlBool>`${column} ILIKE ${pattern}`;
  if (dialect === 'sqlite') return sql<SqlBool>`${column} LIKE ${pattern} ESCAPE '\\'`;
  return sql<SqlBool>`${column} LIKE ${pattern}`;
}

export const flag = (b: boolean): 0 | 1 => (b ? 1 : 0);

/**
 * Where the three engines differ, one helper here hides it (style guide, habit 5).
 * - MariaDB/MySQL has no `RETURNING`: inserted ids come from `insertId`.
 * - SQLite has no `FOR UPDATE SKIP LOCKED`: its writers are already serialized.
 * - Unique violations carry different error codes.
 * - `LIKE` is case-sensitive on PostgreSQL only.
 * - Each engine says "try again" (deadlock, serialization failure, busy or locked file) in its own codes.
 * - SQLite write transactions start with `BEGIN IMMEDIATE` (see `database.ts`).
 * - "Insert unless the key exists" is `ON CONFLICT DO NOTHING` on PostgreSQL and SQLite; MariaDB
 *   has no such clause and its `INSERT IGNORE` also swallows every other error (see `insertUnlessDuplicate`).
 */
import { MysqlAdapter, PostgresAdapter, sql, type Expression, type InsertQueryBuilder, type InsertResult, type RawBuilder, type SqlBool, type SelectQueryBuilder } from 'kysely';
import type { DB } from './schema';
import type { DialectName, Executor } from './database';

/** True for MariaDB/MySQL, from the executor alone (for builders that only get an executor). */
export const isMysqlExecutor = (db: Executor): boolean => db.getExecutor().adapter instanceof MysqlAdapter;

/**
 * The database server's clock, in epoch milliseconds, as an SQL expression. Several hosts share
 * one database and their clocks drift apart; what they compare with each other (job lock expiry)
 * is measured on the one clock they share.
 */
export function databaseNowMs(db: Executor): RawBuilder<number> {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;
  if (adapter instanceof MysqlAdapter) return sql<number>`cast(unix_timestamp(now(3)) * 1000 as signed)`;
  return sql<number>`cast((julianday('now') - 2440587.5) * 86400000 as integer)`;
}

/** Inserts one row and returns its auto-increment id, on every dialect. */
export async function insertReturningId<T extends keyof DB & string>(db: Executor, dialect: DialectName, table: T, values: Record<string, unknown>): Promise<number> {
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

/**
 * "Insert unless a row with the same unique key exists", for a row the caller may meet twice (a
 * job's dedupe key, an Idempotency-Key, a resent Telegram update, a second survey answer). Runs
 * `insert` and answers whether the row was written; a duplicate is never raised, every other error
 * is. `prepare(insert)` is the statement: on PostgreSQL and SQLite with `ON CONFLICT (key) DO
 * NOTHING` (a raised error would abort the caller's PostgreSQL transaction); on MariaDB the plain
 * INSERT, whose duplicate-key error is caught — a failed statement leaves a MariaDB transaction
 * usable. Not `INSERT IGNORE`: it also turns foreign-key failures, NULLs in NOT NULL columns and
 * over-long values into warnings and writes or skips the row silently. Not `ON DUPLICATE KEY UPDATE
 * key = key` either: with mysql2's FOUND_ROWS that no-op reports one affected row, like an
 * insert, so the caller could not tell a skipped row from a written one.
 */
export function skipDuplicate<Q extends InsertQueryBuilder<DB, any, any>>(db: Executor, insert: Q, keyColumns: readonly string[]): Q {
  if (isMysqlExecutor(db)) return insert;
  return insert.onConflict((oc) => oc.columns(keyColumns as never).doNothing()) as Q;
}

/** Runs an insert prepared by `skipDuplicate`; true when the row was written, false when its key existed. */
export async function insertUnlessDuplicate(db: Executor, run: Promise<InsertResult | { numAffectedRows?: bigint }>): Promise<boolean> {
  try {
    const r = (await run) as { numInsertedOrUpdatedRows?: bigint; numAffectedRows?: bigint };
    return Number(r.numInsertedOrUpdatedRows ?? r.numAffectedRows ?? 0n) === 1;
  } catch (err) {
    if (isMysqlExecutor(db) && isUniqueViolation(err)) return false;
    throw err;
  }
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
  ];
  if (e.code && codes.includes(e.code)) return true;
  // node-postgres, once a client's socket died, refuses every later query (the ROLLBACK of the
  // transaction it was in included) with "Client has encountered a connection error and is not
  // queryable" (or "Client was closed…"): the same lost connection, seen one statement later.
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Pool is closed|Can't add new command when connection is in closed state|Client has encountered a connection error and is not queryable|Client was closed and is not queryable/i.test(
    e.message ?? '',
  );
}

/** SQLite's "busy" and "locked" result codes, extended ones included. */
const SQLITE_TRANSIENT = /^SQLITE_(BUSY|LOCKED)(_|$)/;

/**
 * True when the database aborted the statement or transaction to resolve a conflict with another
 * writer and the same work may well succeed if run again: PostgreSQL's deadlock, serialization
 * failure and lock timeout; MariaDB's deadlock and lock wait timeout; SQLite's BUSY and LOCKED
 * (including BUSY_SNAPSHOT: another process committed between this transaction's read and its
 * first write). The one place that decides it: transactions are retried on it, and the error
 * handler answers 503 (never 500) when the retries ran out.
 */
export function isTransientError(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  return (
    code === '40P01' || // PostgreSQL deadlock_detected
    code === '40001' || // serialization_failure
    code === '55P03' || // lock_not_available
    code === 'ER_LOCK_DEADLOCK' ||
    code === 'ER_LOCK_WAIT_TIMEOUT' ||
    e.errno === 1213 ||
    e.errno === 1205 ||
    SQLITE_TRANSIENT.test(code)
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
  return ([1264, 1265, 1292, 1366, 1367, 1406].includes(Number(e.errno)) && typeof e.code === 'string' && e.code.startsWith('ER_')) || e.code === 'WARN_DATA_TRUNCATED';
}

/** Adds `FOR UPDATE SKIP LOCKED` where the engine has it (PostgreSQL, MariaDB ≥ 10.6). */
export function forUpdateSkipLocked<O>(qb: SelectQueryBuilder<DB, any, O>, dialect: DialectName): SelectQueryBuilder<DB, any, O> {
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

/**
 * The only module that imports the database drivers. `DATABASE_URL` picks the dialect:
 * `sqlite:PATH` (better-sqlite3, WAL), `postgres://…`, `mysql://…` / `mariadb://…`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createPool } from 'mysql2';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type { DB } from './schema';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  close(): Promise<void>;
}

export type Executor = Kysely<DB> | Transaction<DB>;

// BIGINT (epoch milliseconds, counts) as JavaScript numbers; NUMERIC (averages) as numbers.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function dialectFromUrl(url: string): DialectName {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  throw new Error(`DATABASE_URL no reconocida: ${url.split('://')[0]}`);
}

export interface DatabaseOptions {
  /** Pool size for PostgreSQL and MariaDB. */
  poolSize?: number;
}

export function createDatabase(url: string, options: DatabaseOptions = {}): Database {
  const dialect = dialectFromUrl(url);
  const poolSize = options.poolSize ?? 10;
  if (dialect === 'sqlite') {
    const path = url.slice('sqlite:'.length) || ':memory:';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect, close: () => db.destroy() };
  }
  if (dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
    // A dropped connection (database restart) must not crash the process: idle clients report
    // to the pool, and a client checked out mid-transaction emits 'error' on itself (an
    // unhandled 'error' event would kill the process); the failing query still rejects.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect, close: () => db.destroy() };
  }
  const pool = createPool({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: poolSize,
    charset: 'utf8mb4',
    decimalNumbers: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: 5000,
    timezone: 'Z',
  });
  pool.on('connection', (conn) => conn.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool }) });
  return { db, dialect, close: () => db.destroy() };
}

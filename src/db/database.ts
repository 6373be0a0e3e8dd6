/**
 * The only module that imports the database drivers. `DATABASE_URL` picks the dialect:
 * `sqlite:PATH` (better-sqlite3, WAL), `postgres://…`, `mysql://…` / `mariadb://…`.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type Pg from 'pg';
import type Mysql2 from 'mysql2';
import type { DB } from './schema';
import { startCheckpointer } from './sqlite-checkpointer';

// Drivers are loaded only for the dialect in use: each one costs 6–17 MB of resident memory,
// and a small on-premise server running SQLite should not carry the other two.
const require = createRequire(import.meta.url);
const loadSqlite = () => require('better-sqlite3') as typeof BetterSqlite3;
let pgLoaded: typeof Pg | null = null;
function loadPg(): typeof Pg {
  if (!pgLoaded) {
    pgLoaded = require('pg') as typeof Pg;
    // BIGINT (epoch milliseconds, counts) as JavaScript numbers; NUMERIC (averages) as numbers.
    pgLoaded.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
    pgLoaded.types.setTypeParser(1700, (v) => Number.parseFloat(v));
  }
  return pgLoaded;
}
const loadMysql = () => require('mysql2') as typeof Mysql2;

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  close(): Promise<void>;
}

export type Executor = Kysely<DB> | Transaction<DB>;

export function dialectFromUrl(url: string): DialectName {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  throw new Error(`DATABASE_URL no reconocida: ${url.split('://')[0]}`);
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running a small
 * query. Kysely emits the same SQL text for the same query shape (values are parameters), so
 * prepared statements are reused by text (bounded, least recently used dropped first).
 */
function withStatementCache(sqlite: BetterSqlite3.Database, max = 500): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (source: string) => {
        let stmt = cache.get(source);
        if (stmt) {
          cache.delete(source);
        } else {
          stmt = prepare(source);
          if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        }
        cache.set(source, stmt);
        return stmt;
      };
    },
  });
}

export interface DatabaseOptions {
  /** Pool size for PostgreSQL and MariaDB. */
  poolSize?: number;
  /**
   * SQLite file databases of a long-running process (the server, the worker): WAL checkpoints
   * on a background thread instead of inside commits (see `sqlite-checkpointer.ts`).
   */
  backgroundCheckpoints?: boolean;
}

export function createDatabase(url: string, options: DatabaseOptions = {}): Database {
  const dialect = dialectFromUrl(url);
  const poolSize = options.poolSize ?? 10;
  if (dialect === 'sqlite') {
    const path = url.slice('sqlite:'.length) || ':memory:';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const SQLite = loadSqlite();
    const sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // The WAL file is truncated back to 64 MB at most after a checkpoint.
    sqlite.pragma('journal_size_limit = 67108864');
    const checkpointer = options.backgroundCheckpoints && path !== ':memory:' ? startCheckpointer({ path, driver: require.resolve('better-sqlite3'), onFailure: () => sqlite.open && sqlite.pragma('wal_autocheckpoint = 10000') }) : null;
    // Without the thread (tests, scripts): checkpoint every ~40 MB of WAL instead of every 4 MB,
    // so pages written again and again (each index's right edge) are copied back less often.
    sqlite.pragma(checkpointer ? 'wal_autocheckpoint = 0' : 'wal_autocheckpoint = 10000');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return {
      db,
      dialect,
      close: async () => {
        await db.destroy();
        await checkpointer?.stop();
      },
    };
  }
  if (dialect === 'postgres') {
    const pg = loadPg();
    const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
    // A dropped connection (database restart) must not crash the process: idle clients report
    // to the pool, and a client checked out mid-transaction emits 'error' on itself (an
    // unhandled 'error' event would kill the process); the failing query still rejects.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect, close: () => db.destroy() };
  }
  const pool = loadMysql().createPool({
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

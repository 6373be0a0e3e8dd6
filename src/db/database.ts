/**
 * The only module that imports the database drivers. `DATABASE_URL` picks the dialect:
 * `sqlite:PATH` (better-sqlite3, WAL), `postgres://…`, `mysql://…` / `mariadb://…`.
 */
import { createHash } from 'node:crypto';
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
 *
 * Kysely also opens every transaction with a plain (deferred) `begin`, which takes the write lock
 * only at the first write: when another process (`npm run worker`, a script) commits between the
 * transaction's first read and that write, SQLite cannot wait and fails it with SQLITE_BUSY_SNAPSHOT.
 * Our transactions write, so they begin `immediate`: the write lock is taken at the start, where
 * `busy_timeout` waits for the other process instead of failing.
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
      return (text: string) => {
        const source = text === 'begin' ? 'begin immediate' : text;
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

// The better-sqlite3 connection behind each SQLite Kysely instance (the root, not transactions).
const sqliteConnections = new WeakMap<object, BetterSqlite3.Database>();
// For each statement read in raw mode: a function turning a row array into the object better-sqlite3
// would have built. An object literal with fixed keys gets its final shape at once; better-sqlite3
// adds each column by name to an empty object (~4 µs of a 17 µs tracking read).
type RowMaker = (row: unknown[]) => Record<string, unknown>;
const rowMakers = new WeakMap<BetterSqlite3.Statement, RowMaker>();

function rowMakerFor(statement: BetterSqlite3.Statement): RowMaker {
  let make = rowMakers.get(statement);
  if (!make) {
    // Column names come from SQLite's description of our own SQL; JSON.stringify quotes them.
    const fields = statement.columns().map((column, i) => `${JSON.stringify(column.name)}: row[${i}]`);
    make = new Function('row', `return { ${fields.join(', ')} };`) as RowMaker;
    rowMakers.set(statement, make);
  }
  return make;
}

/**
 * Runs a read (a statement that returns rows) straight on the SQLite connection behind `db`, when
 * `db` is a root instance (not a transaction) and no transaction is open on the connection; answers
 * the rows Kysely's SQLite driver would, or undefined when it cannot (another dialect, a transaction
 * in progress, a statement that writes) and the caller must go through Kysely.
 *
 * Kysely reaches the single SQLite connection through an asynchronous mutex (several awaits per
 * query); a synchronous better-sqlite3 call cannot interleave with anything, so when nobody holds a
 * transaction it reads exactly what Kysely would have read — and never another unit's uncommitted
 * rows, which a transaction open on the shared connection would show it.
 */
export function readNow(db: Executor, sql: string, parameters: readonly unknown[]): unknown[] | undefined {
  const connection = sqliteConnections.get(db);
  if (!connection || !connection.open || connection.inTransaction) return undefined;
  const statement = connection.prepare(sql);
  if (!statement.reader) return undefined;
  const make = rowMakerFor(statement);
  statement.raw(true);
  try {
    return (statement.all(parameters) as unknown[][]).map(make);
  } finally {
    statement.raw(false);
  }
}

// SQL texts that run as named prepared statements on PostgreSQL, and their names.
const statementNames = new Map<string, string>();

/**
 * Marks a SQL text (a compiled query whose shape never changes: see `prepared.ts`) to run as a
 * named prepared statement on PostgreSQL. Kysely sends every query unnamed, so PostgreSQL parsed
 * and planned the tracking join on every lookup; a named statement is parsed once per pooled
 * connection, which node-postgres remembers (tracking a ticket: ~3,000 → ~9,000 lookups/s).
 * Inside transactions too: the name belongs to the text, whichever connection runs it.
 */
export function nameStatement(sql: string): void {
  if (!statementNames.has(sql)) statementNames.set(sql, `itims_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`);
}

// The pool behind each PostgreSQL Kysely instance (the root, not transactions).
const pgPools = new WeakMap<object, Pg.Pool>();

/**
 * Runs a SELECT marked by `nameStatement` straight through the PostgreSQL pool behind `db`, when
 * `db` is a root instance (not a transaction); undefined otherwise, and the caller goes through
 * Kysely. Same pool, same type parsers, the rows Kysely's driver returns; without Kysely's
 * executor around it a tracking lookup costs ~85 instead of ~115 µs of CPU (~9,500 against ~7,600
 * lookups/s) — the PostgreSQL counterpart of `readNow`.
 */
export function readNamed(db: Executor, sql: string, parameters: readonly unknown[]): Promise<unknown[]> | undefined {
  const pool = pgPools.get(db);
  const name = pool && statementNames.get(sql);
  if (!pool || !name) return undefined;
  return pool.query({ name, text: sql, values: parameters as unknown[] }).then((result) => result.rows);
}

/**
 * The pool as Kysely's PostgreSQL driver sees it: each client's `query(sql, parameters)` runs a
 * named statement when the text was marked by `nameStatement`, and passes everything else through.
 * One wrapper per pg client, so Kysely keeps recognising its connections.
 */
function namingPool(pool: Pg.Pool) {
  const wrappers = new WeakMap<Pg.PoolClient, Pg.PoolClient>();
  const wrap = (client: Pg.PoolClient): Pg.PoolClient => {
    let wrapper = wrappers.get(client);
    if (!wrapper) {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      wrapper = Object.create(client, {
        query: {
          value: (...args: unknown[]) => {
            const name = typeof args[0] === 'string' && Array.isArray(args[1]) ? statementNames.get(args[0]) : undefined;
            return name ? query({ name, text: args[0], values: args[1] }) : query(...args);
          },
        },
        release: { value: (err?: Error | boolean) => client.release(err) },
      }) as Pg.PoolClient;
      wrappers.set(client, wrapper);
    }
    return wrapper;
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
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
    const checkpointer =
      options.backgroundCheckpoints && path !== ':memory:'
        ? startCheckpointer({ path, driver: require.resolve('better-sqlite3'), onFailure: () => sqlite.open && sqlite.pragma('wal_autocheckpoint = 10000') })
        : null;
    // Without the thread (tests, scripts): checkpoint every ~40 MB of WAL instead of every 4 MB,
    // so pages written again and again (each index's right edge) are copied back less often.
    sqlite.pragma(checkpointer ? 'wal_autocheckpoint = 0' : 'wal_autocheckpoint = 10000');
    const cached = withStatementCache(sqlite);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cached }) });
    sqliteConnections.set(db, cached);
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
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: namingPool(pool) }) });
    pgPools.set(db, pool);
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

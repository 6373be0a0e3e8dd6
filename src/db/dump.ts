/**
 * Backups of PostgreSQL and MariaDB with their own tools: `pg_dump --format=custom` and
 * `mariadb-dump --single-transaction` (both consistent while the server keeps running), restored
 * with `pg_restore` and `mariadb`. Passwords go through the tools' environment variables, never
 * their command line (which every local user can read in `ps`).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql } from 'kysely';
import { createDatabase, dialectFromUrl } from './database';

interface Target {
  host: string;
  port: string;
  user: string;
  password: string;
  database: string;
}

function target(databaseUrl: string, defaultPort: string, defaultUser: string): Target {
  const u = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port || defaultPort,
    user: decodeURIComponent(u.username) || defaultUser,
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

function run(command: string, args: string[], env: Record<string, string>, io: { stdin?: string; stdout?: string } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const stdin = io.stdin ? openSync(io.stdin, 'r') : 'ignore';
    const stdout = io.stdout ? openSync(io.stdout, 'w', 0o600) : 'ignore';
    // pg_dump / mariadb-dump inherit the whole environment (PATH, locale, PGSSLMODE…) untouched;
    // ITIMS reads nothing from it here, so this is not a config read.
    // eslint-disable-next-line no-restricted-properties
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: [stdin, stdout, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
    const done = (err: Error | null) => {
      if (typeof stdin === 'number') closeSync(stdin);
      if (typeof stdout === 'number') closeSync(stdout);
      if (err) reject(err);
      else resolve();
    };
    child.on('error', (err) =>
      done(
        new Error(
          (err as NodeJS.ErrnoException).code === 'ENOENT'
            ? `No se encontró ${command}: instale el cliente de la base de datos (p. ej. apt-get install postgresql-client o mariadb-client)`
            : err.message,
        ),
      ),
    );
    child.on('close', (code) => done(code === 0 ? null : new Error(`${command} terminó con código ${code}: ${stderr.trim()}`)));
  });
}

const pgEnv = (t: Target): Record<string, string> => ({ PGHOST: t.host, PGPORT: t.port, PGUSER: t.user, PGDATABASE: t.database, ...(t.password ? { PGPASSWORD: t.password } : {}) });
const mysqlArgs = (t: Target) => [`--host=${t.host}`, `--port=${t.port}`, `--user=${t.user}`];
const mysqlEnv = (t: Target): Record<string, string> => (t.password ? { MYSQL_PWD: t.password } : {});

/** Dumps a PostgreSQL or MariaDB database to `destination`; returns its size in bytes. */
export async function dumpDatabase(databaseUrl: string, destination: string): Promise<number> {
  mkdirSync(dirname(destination), { recursive: true });
  if (dialectFromUrl(databaseUrl) === 'postgres') {
    const t = target(databaseUrl, '5432', 'postgres');
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${destination}`], pgEnv(t));
  } else {
    const t = target(databaseUrl, '3306', 'root');
    await run('mariadb-dump', [...mysqlArgs(t), '--single-transaction', '--routines', '--default-character-set=utf8mb4', t.database], mysqlEnv(t), { stdout: destination });
  }
  return statSync(destination).size;
}

/**
 * Replaces the contents of a PostgreSQL or MariaDB database with a dump (stop ITIMS first): every
 * table of the database is dropped, then the dump is loaded, so tables a later release created do
 * not stay behind after a rollback.
 */
export async function restoreDump(databaseUrl: string, file: string): Promise<void> {
  statSync(file);
  const dialect = dialectFromUrl(databaseUrl);
  const database = createDatabase(databaseUrl);
  try {
    const tables = (await database.db.introspection.getTables()).map((t) => t.name);
    if (dialect === 'postgres') {
      for (const name of tables) await sql`drop table if exists ${sql.id(name)} cascade`.execute(database.db);
    } else {
      await database.db.connection().execute(async (db) => {
        await sql`set foreign_key_checks = 0`.execute(db);
        for (const name of tables) await sql`drop table if exists ${sql.id(name)}`.execute(db);
        await sql`set foreign_key_checks = 1`.execute(db);
      });
    }
  } finally {
    await database.close();
  }
  if (dialect === 'postgres') {
    const t = target(databaseUrl, '5432', 'postgres');
    await run('pg_restore', ['--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${t.database}`, file], pgEnv(t));
  } else {
    const t = target(databaseUrl, '3306', 'root');
    await run('mariadb', [...mysqlArgs(t), '--default-character-set=utf8mb4', t.database], mysqlEnv(t), { stdin: file });
  }
}

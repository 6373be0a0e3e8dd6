/**
 * Real databases for tests. Each test file gets its own fresh database (a temporary SQLite file,
 * or a new PostgreSQL / MariaDB database created and dropped around the file), so files run in
 * parallel without sharing state. `TEST_DATABASES=sqlite,postgres,mysql` (the default) chooses
 * the dialects; an unreachable server fails the run instead of silently skipping it.
 *
 * Running every migration for every test database cost ~2 s on PostgreSQL and ~6 s on MariaDB, most
 * of the unit suite's time. So the suite's global setup (`test/global-setup.ts`) migrates one
 * template database per dialect once per run, and `createTestDatabase` clones it: PostgreSQL with
 * `CREATE DATABASE … TEMPLATE`, SQLite by copying the file, MariaDB (which has no templates) by
 * replaying the template's `SHOW CREATE TABLE` statements and copying the rows the migrations wrote.
 * A clone is the migrated schema exactly (`test/helpers/databases.test.ts` compares one with a
 * freshly migrated database). Without a template (a script, another vitest config) it migrates.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import mysql from 'mysql2/promise';
import type { Kysely } from 'kysely';
import { createDatabase, type Database, type DialectName, type Executor } from '../../src/db/database';
import type { DB } from '../../src/db/schema';
import { migrateToLatest } from '../../src/db/migrate';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_ADMIN_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** Where the global setup left each dialect's migrated template (a SQLite file path or a database name). */
export const TEMPLATES_ENV = 'ITIMS_TEST_TEMPLATES';
export type Templates = Partial<Record<DialectName, string>>;

export function testDialects(): DialectName[] {
  const raw = process.env.TEST_DATABASES ?? 'sqlite,postgres,mysql';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s === 'mariadb' ? 'mysql' : s) as DialectName);
}

export interface TestDatabase extends Database {
  url: string;
  /** Closes the connection and drops the database. */
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function newDatabaseName(prefix = 'itims_t'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** A database `create` has just made (an empty or cloned SQLite file, or a PostgreSQL/MariaDB database by name). */
async function open(dialect: DialectName, options: { poolSize?: number }, create: (target: string) => Promise<void>): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'itims-test-'));
    const file = join(dir, 'test.sqlite');
    await create(file);
    const url = `sqlite:${file}`;
    const database = createDatabase(url);
    return {
      ...database,
      url,
      async drop() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = newDatabaseName();
  await create(name);
  const url = withDatabase(dialect === 'postgres' ? POSTGRES_ADMIN_URL : MYSQL_ADMIN_URL, name);
  const database = createDatabase(url, options);
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      await dropServerDatabase(dialect, name);
    },
  };
}

export async function adminQuery(dialect: 'postgres' | 'mysql', statements: string): Promise<void> {
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(statements);
    } finally {
      await admin.end();
    }
    return;
  }
  const admin = await mysql.createConnection({ uri: MYSQL_ADMIN_URL, multipleStatements: true });
  try {
    await admin.query(statements);
  } finally {
    await admin.end();
  }
}

export async function dropServerDatabase(dialect: DialectName, name: string): Promise<void> {
  if (dialect === 'postgres') await adminQuery('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  else if (dialect === 'mysql') await adminQuery('mysql', `DROP DATABASE IF EXISTS ${name}`);
}

const createEmpty = (dialect: DialectName) => async (target: string) => {
  if (dialect === 'postgres') await adminQuery('postgres', `CREATE DATABASE ${target}`);
  else if (dialect === 'mysql') await adminQuery('mysql', `CREATE DATABASE ${target} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  // SQLite: the driver creates the file on open.
};

/** An empty database with no tables (for migration tests); `createTestDatabase` migrates it. */
export async function createEmptyTestDatabase(dialect: DialectName, options: { poolSize?: number } = {}): Promise<TestDatabase> {
  return open(dialect, options, createEmpty(dialect));
}

function templates(): Templates {
  const raw = process.env[TEMPLATES_ENV];
  return raw ? (JSON.parse(raw) as Templates) : {};
}

// MariaDB: the template's tables as `CREATE TABLE` statements and the inserts copying the rows the
// migrations wrote, read once per test process.
const mysqlScripts = new Map<string, Promise<string>>();

async function mysqlCloneScript(template: string): Promise<string> {
  const admin = await mysql.createConnection(withDatabase(MYSQL_ADMIN_URL, template));
  try {
    const [tables] = (await admin.query(`SELECT table_name AS name, table_type AS type FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name`, [template])) as unknown as [
      { name: string; type: string }[],
    ];
    const other = tables.filter((t) => t.type !== 'BASE TABLE');
    if (other.length > 0) throw new Error(`clonar la plantilla MariaDB: ${other.map((t) => `${t.name} (${t.type})`).join(', ')} no es una tabla`);
    const creates: string[] = [];
    const copies: string[] = [];
    for (const { name } of tables) {
      const [[row]] = (await admin.query(`SHOW CREATE TABLE \`${name}\``)) as unknown as [Record<string, string>[]];
      creates.push(`${row!['Create Table']};`);
      const [[count]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${name}\``)) as unknown as [{ n: number }[]];
      if (Number(count!.n) > 0) copies.push(`INSERT INTO \`${name}\` SELECT * FROM \`${template}\`.\`${name}\`;`);
    }
    const [routines] = (await admin.query(`SELECT COUNT(*) AS n FROM information_schema.routines WHERE routine_schema = ?`, [template])) as unknown as [{ n: number }[]];
    const [triggers] = (await admin.query(`SELECT COUNT(*) AS n FROM information_schema.triggers WHERE trigger_schema = ?`, [template])) as unknown as [{ n: number }[]];
    if (Number(routines[0]!.n) + Number(triggers[0]!.n) > 0) throw new Error('clonar la plantilla MariaDB: tiene rutinas o disparadores, que la copia no replica');
    return ['SET FOREIGN_KEY_CHECKS = 0;', ...creates, ...copies, 'SET FOREIGN_KEY_CHECKS = 1;'].join('\n');
  } finally {
    await admin.end();
  }
}

const cloneFrom = (dialect: DialectName, template: string) => async (target: string) => {
  if (dialect === 'sqlite') {
    copyFileSync(template, target);
    if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, `${target}-wal`);
    return;
  }
  if (dialect === 'postgres') {
    await adminQuery('postgres', `CREATE DATABASE ${target} TEMPLATE ${template}`);
    return;
  }
  let script = mysqlScripts.get(template);
  if (!script) {
    script = mysqlCloneScript(template);
    mysqlScripts.set(template, script);
  }
  await adminQuery('mysql', `CREATE DATABASE ${target} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; USE ${target};\n${await script}`);
};

/** A fully migrated database: a clone of the run's template when there is one, else empty and migrated. */
export async function createTestDatabase(dialect: DialectName, options: { poolSize?: number } = { poolSize: 4 }): Promise<TestDatabase> {
  const template = templates()[dialect];
  if (template) return open(dialect, options, cloneFrom(dialect, template));
  const database = await createEmptyTestDatabase(dialect, options);
  await migrateToLatest(database);
  return database;
}

/** Migrates a template for each dialect (the global setup); returns them and how to remove them. */
export async function createTemplates(dialects: DialectName[]): Promise<{ templates: Templates; remove(): Promise<void> }> {
  const made: { dialect: DialectName; target: string; dir?: string }[] = [];
  const remove = async () => {
    for (const { dialect, target, dir } of made) {
      if (dir) rmSync(dir, { recursive: true, force: true });
      else await dropServerDatabase(dialect, target).catch(() => {});
    }
  };
  try {
    await Promise.all(
      dialects.map(async (dialect) => {
        let target: string;
        let database: Database;
        if (dialect === 'sqlite') {
          const dir = mkdtempSync(join(tmpdir(), 'itims-template-'));
          target = join(dir, 'template.sqlite');
          made.push({ dialect, target, dir });
          database = createDatabase(`sqlite:${target}`);
        } else {
          target = newDatabaseName('itims_tpl');
          await createEmpty(dialect)(target);
          made.push({ dialect, target });
          database = createDatabase(withDatabase(dialect === 'postgres' ? POSTGRES_ADMIN_URL : MYSQL_ADMIN_URL, target), { poolSize: 1 });
        }
        try {
          await migrateToLatest(database);
        } finally {
          // PostgreSQL copies a template only while nobody is connected to it; SQLite checkpoints the WAL on close.
          await database.close();
        }
      }),
    );
  } catch (error) {
    await remove();
    throw error;
  }
  return { templates: Object.fromEntries(made.map((m) => [m.dialect, m.target])) as Templates, remove };
}

/** How many rows `table` holds. */
export async function countRows(db: Executor, table: keyof DB): Promise<number> {
  const row = await (db as Kysely<any>)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

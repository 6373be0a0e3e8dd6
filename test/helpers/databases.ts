/**
 * Real databases for tests. Each test file gets its own fresh database (a temporary SQLite file,
 * or a new PostgreSQL / MariaDB database created and dropped around the file), so files run in
 * parallel without sharing state. `TEST_DATABASES=sqlite,postgres,mysql` (the default) chooses
 * the dialects; an unreachable server fails the run instead of silently skipping it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { createDatabase, type Database, type DialectName } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_ADMIN_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

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

/** An empty database with no tables (for migration tests); `createTestDatabase` migrates it. */
export async function createEmptyTestDatabase(dialect: DialectName, options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const name = `itims_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'itims-test-'));
    const url = `sqlite:${join(dir, 'test.sqlite')}`;
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
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = withDatabase(POSTGRES_ADMIN_URL, name);
    const database = createDatabase(url, options);
    return {
      ...database,
      url,
      async drop() {
        await database.close();
        const a = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const admin = await mysql.createConnection(MYSQL_ADMIN_URL);
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = withDatabase(MYSQL_ADMIN_URL, name);
  const database = createDatabase(url, options);
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      const a = await mysql.createConnection(MYSQL_ADMIN_URL);
      await a.query(`DROP DATABASE IF EXISTS ${name}`);
      await a.end();
    },
  };
}

export async function createTestDatabase(dialect: DialectName, options: { poolSize?: number } = { poolSize: 4 }): Promise<TestDatabase> {
  const database = await createEmptyTestDatabase(dialect, options);
  await migrateToLatest(database);
  return database;
}

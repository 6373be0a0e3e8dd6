/**
 * Safe upgrades: a database created and filled by the previous release (its migrations frozen in
 * test/fixtures/release-fb216e2) is migrated by this release's migrations, on each database. Every
 * row of every table survives with every value it had, and this release serves it: the old ticket
 * can be tracked, the old technician signs in, a new ticket can be filed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kysely, Migration } from 'kysely';
import { describeEachDialect, startTestApp, type TestApp } from '../helpers/app';
import { createEmptyTestDatabase, type TestDatabase } from '../helpers/databases';
import { migrateToLatest, migrationState, releaseMigrations } from '../../src/db/migrate';
import { restoreDatabase } from '../../src/db/backup';
import { createDatabase } from '../../src/db/database';
import { localYear } from '../../src/core/local-time';
import {
  PREVIOUS_PERSON_DNI,
  PREVIOUS_TABLES,
  PREVIOUS_TECHNICIAN,
  PREVIOUS_TICKETS,
  fillPreviousRelease,
  previousMigrationNames,
  previousMigrations,
} from '../fixtures/release-fb216e2/previous-release';

type Row = Record<string, unknown>;

async function snapshot(db: Kysely<any>): Promise<Map<string, Map<string, Row>>> {
  const tables = new Map<string, Map<string, Row>>();
  for (const [table, key] of Object.entries(PREVIOUS_TABLES)) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Row[];
    tables.set(table, new Map(rows.map((r) => [String(r[key]), r])));
  }
  return tables;
}

describeEachDialect('upgrade from the previous release', (dialect) => {
  let database: TestDatabase;
  let before: Map<string, Map<string, Row>>;
  let applied: string[];
  let app: TestApp;

  beforeAll(async () => {
    database = await createEmptyTestDatabase(dialect);
    const db = database.db as unknown as Kysely<any>;
    await migrateToLatest(database, previousMigrations(dialect));
    await fillPreviousRelease(db, localYear(Date.now(), 'America/Lima'));
    before = await snapshot(db);
    applied = await migrateToLatest(database);
    app = await startTestApp(dialect, { database });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('the fixture fills every table of the previous release', () => {
    for (const [table, rows] of before) expect(rows.size, table).toBeGreaterThan(0);
  });

  it("applies exactly this release's migrations that the previous release did not have", async () => {
    const expected = releaseMigrations().filter((name) => !previousMigrationNames().includes(name));
    expect([...applied].sort()).toEqual(expected);
    expect(await migrationState(database)).toEqual({ pending: [], unknown: [] });
  });

  it('keeps every row of every table with every value it had', async () => {
    const after = await snapshot(database.db as unknown as Kysely<any>);
    let compared = 0;
    for (const [table, rows] of before) {
      const now = after.get(table)!;
      for (const [key, row] of rows) {
        const kept = now.get(key);
        expect(kept, `${table} ${key}`).toBeDefined();
        // New columns may be added; the old ones keep their values.
        const old = Object.fromEntries(Object.keys(row).map((c) => [c, kept![c]]));
        expect(old, `${table} ${key}`).toEqual(row);
        compared++;
      }
    }
    expect(compared).toBe([...before.values()].reduce((n, rows) => n + rows.size, 0));
  });

  it('serves the old data: tracking an old ticket, signing in as an old technician, filing a new ticket', async () => {
    const tracked = await app.app.inject({ method: 'GET', url: `/api/v1/tickets/${PREVIOUS_TICKETS.resolved}` });
    expect(tracked.statusCode).toBe(200);
    expect(tracked.json()).toMatchObject({ code: PREVIOUS_TICKETS.resolved, status: 'resolved' });

    const login = await app.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: PREVIOUS_TECHNICIAN });
    expect(login.statusCode).toBe(200);

    const categories = (await app.app.inject({ method: 'GET', url: '/api/v1/categories' })).json() as { id: number; name: string }[];
    const filed = await app.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { dni: PREVIOUS_PERSON_DNI, categoryId: categories[0]!.id, description: 'Después de la actualización: la impresora no imprime.' },
    });
    expect(filed.statusCode).toBe(201);
  });
});

describeEachDialect('migrations that land out of name order', (dialect) => {
  let database: TestDatabase;
  afterAll(() => database?.drop());

  it('applies a migration named before one the database already ran (parallel branches)', async () => {
    database = await createEmptyTestDatabase(dialect);
    const created: string[] = [];
    const migration = (table: string): Migration => ({
      up: async (db) => {
        await db.schema
          .createTable(table)
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .execute();
        created.push(table);
      },
    });
    // Branch B landed first and a server ran it; branch A's earlier-named migration arrives later.
    await migrateToLatest(database, { '2026-12-02-0050-b': migration('rama_b') });
    const state = await migrationState(database, { '2026-12-02-0030-a': migration('rama_a'), '2026-12-02-0050-b': migration('rama_b') });
    expect(state.pending).toEqual(['2026-12-02-0030-a']);
    const applied = await migrateToLatest(database, { '2026-12-02-0030-a': migration('rama_a'), '2026-12-02-0050-b': migration('rama_b') });
    expect(applied).toEqual(['2026-12-02-0030-a']);
    expect(created).toEqual(['rama_b', 'rama_a']);
  });

  it('names the migrations a newer release ran, which this release does not have', async () => {
    const state = await migrationState(database, { '2026-12-02-0030-a': { up: async () => {} } });
    expect(state).toEqual({ pending: [], unknown: ['2026-12-02-0050-b'] });
  });
});

describeEachDialect('npm run upgrade', (dialect) => {
  let database: TestDatabase;
  let backupDir: string;
  afterAll(async () => {
    await database?.drop();
    if (backupDir) rmSync(backupDir, { recursive: true, force: true });
  });

  it('backs up, migrates, says how to roll back, and the backup brings the previous release back', async () => {
    database = await createEmptyTestDatabase(dialect);
    backupDir = mkdtempSync(join(tmpdir(), 'itims-upgrade-'));
    await migrateToLatest(database, previousMigrations(dialect));
    await fillPreviousRelease(database.db as unknown as Kysely<any>, localYear(Date.now(), 'America/Lima'));
    const before = await snapshot(database.db as unknown as Kysely<any>);

    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/upgrade.ts'], {
      env: { ...process.env, DATABASE_URL: database.url, BACKUP_DIR: backupDir, PORT: '0', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const backupFile = /Respaldo tomado: (\S+) /.exec(run.stdout)?.[1];
    expect(backupFile, run.stdout).toMatch(/itims-\d{8}-\d{6}-antes-de-actualizar\.(sqlite|dump|sql)$/);
    expect(run.stdout).toContain(`npm run restore -- ${backupFile}`);
    expect(await migrationState(database)).toEqual({ pending: [], unknown: [] });

    expect(readdirSync(backupDir)).toEqual([basename(backupFile!)]);

    // Roll back: the backup replaces the upgraded database, exactly as the previous release left it.
    await restoreDatabase(database.url, backupFile!);
    const restored = createDatabase(database.url);
    try {
      expect(await migrationState(restored, previousMigrations(dialect))).toEqual({ pending: [], unknown: [] });
      expect(await snapshot(restored.db as unknown as Kysely<any>)).toEqual(before);
    } finally {
      await restored.close();
    }
  }, 180_000);
});

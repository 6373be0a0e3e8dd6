import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database';
import { migrateToLatest } from './migrate';
import { backupFileName, backupGuidance, backupSqlite, pruneBackups, restoreSqlite } from './backup';

describe('SQLite backup and restore', () => {
  let dir: string;
  let url: string;
  let live: Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'itims-backup-'));
    url = `sqlite:${join(dir, 'itims.sqlite')}`;
    live = createDatabase(url);
    await migrateToLatest(live);
    const now = Date.now();
    await live.db.insertInto('offices').values({ name: 'Oficina de TI', code: null, parent_id: null, active: 1, created_at: now, updated_at: now }).execute();
  });
  afterAll(async () => {
    await live.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies a database that is being written to, and the copy restores with every committed row', async () => {
    const now = Date.now();
    // Writes keep going while the backup runs (the server stays up).
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await live.db
          .insertInto('offices')
          .values({ name: `Oficina ${written}`, code: null, parent_id: null, active: 1, created_at: now, updated_at: now })
          .execute();
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const backupFile = join(dir, 'respaldo.sqlite');
    const result = await backupSqlite(url, backupFile);
    writing = false;
    await writer;
    expect(result.bytes).toBeGreaterThan(0);

    const inBackup = createDatabase(`sqlite:${backupFile}`);
    const backedUp = (await inBackup.db.selectFrom('offices').select('name').execute()).length;
    await inBackup.close();
    expect(backedUp).toBeGreaterThanOrEqual(1);

    // Restore over another database file and read it back.
    const targetUrl = `sqlite:${join(dir, 'restaurada.sqlite')}`;
    restoreSqlite(targetUrl, backupFile);
    const restored = createDatabase(targetUrl);
    const rows = await restored.db.selectFrom('offices').select('name').orderBy('id').execute();
    await restored.close();
    expect(rows.length).toBe(backedUp);
    expect(rows[0]!.name).toBe('Oficina de TI');
  });

  it('refuses to restore a damaged file', async () => {
    const bad = join(dir, 'danado.sqlite');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, 'esto no es una base de datos');
    expect(() => restoreSqlite(`sqlite:${join(dir, 'otra.sqlite')}`, bad)).toThrow();
  });

  it('prints dump guidance for PostgreSQL and MariaDB without the password', () => {
    expect(backupGuidance('postgres://itims:secreto@db:5432/itims', 'backups/x')).toMatch(/pg_dump --format=custom/);
    expect(backupGuidance('postgres://itims:secreto@db:5432/itims', 'backups/x')).not.toContain('secreto');
    expect(backupGuidance('mysql://itims:secreto@db:3306/itims', 'backups/x')).toMatch(/mariadb-dump --single-transaction/);
  });

  it('keeps only the newest scheduled backups, and every labelled one', async () => {
    const { writeFileSync, readdirSync, mkdirSync } = await import('node:fs');
    const folder = join(dir, 'respaldos');
    mkdirSync(folder);
    const days = [1, 2, 3, 4, 5].map((d) => new Date(Date.UTC(2026, 11, d, 7, 0, 0)));
    for (const d of days) writeFileSync(join(folder, backupFileName(url, d)), 'x');
    writeFileSync(join(folder, backupFileName(url, days[0]!, 'antes-de-actualizar')), 'x');
    writeFileSync(join(folder, 'notas.txt'), 'no es un respaldo');
    expect(pruneBackups(folder, 2)).toEqual(['itims-20261203-070000.sqlite', 'itims-20261202-070000.sqlite', 'itims-20261201-070000.sqlite']);
    expect(readdirSync(folder).sort()).toEqual(['itims-20261201-070000-antes-de-actualizar.sqlite', 'itims-20261204-070000.sqlite', 'itims-20261205-070000.sqlite', 'notas.txt']);
  });
});

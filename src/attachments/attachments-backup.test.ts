import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { filesUnder } from '../../test/helpers/attachments';
import { AttachmentStore } from './attachment-store';

const run = promisify(execFile);
const script = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, cwd: process.cwd() });

describe('npm run backup / restore with attachments', () => {
  let dir: string;
  let live: Database;
  const sha = 'ab'.padEnd(64, '0');
  const other = 'cd'.padEnd(64, '1');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'itims-backup-att-'));
    live = createDatabase(`sqlite:${join(dir, 'itims.sqlite')}`);
    await migrateToLatest(live);
    const store = new AttachmentStore(join(dir, 'attachments'));
    for (const [hash, content] of [
      [sha, 'foto de la pantalla'],
      [other, 'informe en PDF'],
    ] as const) {
      const temp = await store.writeTemp(Buffer.from(content));
      await store.place(temp, hash);
      await store.discard(temp);
    }
    // A temporary upload is not part of a backup.
    mkdirSync(join(dir, 'attachments', '.incoming'), { recursive: true });
    writeFileSync(join(dir, 'attachments', '.incoming', 'half'), 'x');
  });
  afterAll(async () => {
    await live.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the attachment files beside the database copy, and restore brings back the missing ones', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'itims.sqlite')}`, ATTACHMENTS_DIR: join(dir, 'attachments') };
    const out = join(dir, 'backups', 'copia.sqlite');
    const backup = await script(env, '--out', out);
    expect(backup.stdout).toContain('2 archivos nuevos');
    expect(filesUnder(join(dir, 'backups', 'attachments'))).toEqual([`ab/${sha}`, `cd/${other}`]);

    // Run again: nothing to copy.
    expect((await script(env, '--out', out)).stdout).toContain('0 archivos nuevos');

    // The server's folder loses one file; restore puts it back.
    rmSync(join(dir, 'attachments', 'ab', sha));
    const restored = await script({ ...env, BACKUP_DIR: join(dir, 'backups') }, '--restore', out);
    expect(restored.stdout).toContain('1 archivos nuevos');
    expect(readFileSync(join(dir, 'attachments', 'ab', sha), 'utf8')).toBe('foto de la pantalla');
  }, 60_000);
});

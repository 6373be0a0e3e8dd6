import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDatabase } from './database';
import { migrateToLatest } from './migrate';

const dir = mkdtempSync(join(tmpdir(), 'itims-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fill(backgroundCheckpoints: boolean): Promise<{ dbBytes: number; walBytes: number; rows: number }> {
  const path = join(dir, `${backgroundCheckpoints ? 'bg' : 'fg'}.sqlite`);
  const database = createDatabase(`sqlite:${path}`, { backgroundCheckpoints });
  await migrateToLatest(database);
  const startBytes = statSync(path).size;
  const filler = 'x'.repeat(2000);
  for (let batch = 0; batch < 20; batch++) {
    await database.db
      .insertInto('admin_notices')
      .values(Array.from({ length: 50 }, (_, i) => ({ kind: 'test', message: `${batch}-${i} ${filler}`, created_at: Date.now(), read_at: null })))
      .execute();
  }
  // Give the thread a few of its 250 ms rounds.
  await new Promise((r) => setTimeout(r, 1_000));
  const dbBytes = statSync(path).size - startBytes;
  const walBytes = statSync(`${path}-wal`).size;
  await database.close();
  const reopened = createDatabase(`sqlite:${path}`);
  const rows = Number(
    (
      await reopened.db
        .selectFrom('admin_notices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  await reopened.close();
  return { dbBytes, walBytes, rows };
}

it('a background thread copies committed pages into the database file while the server writes', async () => {
  // ~2 MB of rows: under the 40 MB at which the server's own connection would checkpoint.
  const foreground = await fill(false);
  const background = await fill(true);
  expect(foreground.dbBytes).toBe(0);
  expect(background.dbBytes).toBeGreaterThan(1_000_000);
  expect(foreground.rows).toBe(1000);
  expect(background.rows).toBe(1000);
});

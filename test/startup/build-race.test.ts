/**
 * Two processes started from one checkout both run `npm run build` first (`npm start` and
 * `npm run worker`). While one build runs, the program the other one is about to start must
 * always be there, whole: `dist/server/main.mjs` never disappears, and after both builds it runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
// A checkout of its own (the sources linked in), so the worktree's dist/ is left alone.
const checkout = mkdtempSync(join(tmpdir(), 'itims-build-'));
symlinkSync(join(repo, 'src'), join(checkout, 'src'));
symlinkSync(join(repo, 'node_modules'), join(checkout, 'node_modules'));

function runBuild(): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'scripts/build.ts')], { cwd: checkout, stdio: 'ignore' });
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

describe('npm run build, twice at once', () => {
  afterAll(() => rmSync(checkout, { recursive: true, force: true }));

  it('never leaves dist/server/main.mjs missing while another build runs', async () => {
    expect(await runBuild()).toBe(0);
    const program = join(checkout, 'dist/server/main.mjs');
    expect(existsSync(program)).toBe(true);

    let missing = 0;
    let checks = 0;
    let done = false;
    const builds = Promise.all([runBuild(), runBuild()]).finally(() => (done = true));
    while (!done) {
      checks++;
      if (!existsSync(program) || !existsSync(join(checkout, 'dist/assets'))) missing++;
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await builds).toEqual([0, 0]);
    expect(checks).toBeGreaterThan(10);
    expect(missing).toBe(0);
    expect(existsSync(program)).toBe(true);
  }, 120_000);
});

/**
 * `npm run bench:queue-ab -- --before DIR [--tickets N] [--staff N] [--waiting N] [--duration S] [--encoding E] [--seeds DIR]`
 *
 * The queue page (`GET /api/v1/queue`) and take-next (`POST /api/v1/queue/next`) of two checkouts,
 * measured in ONE loop that alternates its requests between them: DIR (an older checkout, e.g. the
 * commit before issue 18, with its own `npm ci`) and this one. Each side seeds its own SQLite file
 * with its own `bench/seed-bulk.ts` (same size, same seed) and runs its own built server, so each
 * measures its own code on its own schema. Because every worker sends the next request to the other
 * side, whatever else the machine is doing slows both alike: the ratio after/before is comparable on
 * a shared, loaded machine, where two runs one after the other are not (docs/performance.md).
 *
 * `--encoding VALUE` sets the requests' Accept-Encoding (fetch's own is `gzip, deflate`; a browser
 * over HTTPS adds `br`; `identity` measures the route without compression).
 *
 * `--seeds DIR` keeps each side's seeded file in DIR (`before.sqlite`, `after.sqlite`) and starts
 * later runs from a copy of it, so a change can be measured again without seeding twice (take next
 * changes the database; the copy keeps every run on the same state).
 *
 * Every response body is read, as a browser does: a body left unread holds its connection, so
 * the latency would leave out the transfer, and a larger body would count differently.
 *
 * On this side the waiting tickets are then spread over the four priority lanes with due times a
 * few hours ahead (as `--only queue-lanes` does), so every queue item runs the "vence en …"
 * computation; the older side keeps its FIFO queue.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { freePort } from '../test/helpers/private-db-server';
import { waitForHealth } from '../test/helpers/child-server';

const { values: args } = parseArgs({
  options: {
    before: { type: 'string' },
    tickets: { type: 'string', default: '1000000' },
    staff: { type: 'string', default: '100000' },
    waiting: { type: 'string', default: '12000' },
    duration: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '4' },
    seeds: { type: 'string' },
    encoding: { type: 'string' },
  },
});
if (!args.before) throw new Error('--before DIR: an older checkout with its node_modules installed');
const PASSWORD = 'bench-admin-password';
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

interface Side {
  name: string;
  dir: string;
  file: string;
  base: string;
  child: ChildProcess;
  headers: Record<string, string>;
}

function run(dir: string, script: string, argv: string[], env: Record<string, string>) {
  execFileSync(process.execPath, ['--import', 'tsx', script, ...argv], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function token(base: string): Promise<string> {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  if (!login.ok) throw new Error(`login ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const tok = await fetch(`${base}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'bench' }),
  });
  if (!tok.ok) throw new Error(`token ${tok.status}`);
  return ((await tok.json()) as { token: string }).token;
}

async function prepare(name: string, dir: string, spreadLanes: boolean): Promise<Side> {
  const tmp = mkdtempSync(join(tmpdir(), `itims-ab-${name}-`));
  const file = join(tmp, 'bench.sqlite');
  const url = `sqlite:${file}`;
  const kept = args.seeds ? join(resolve(args.seeds), `${name}.sqlite`) : null;
  console.error(`[${name}] ${dir}: build${kept && existsSync(kept) ? `, copy of ${kept}` : `, seed ${fmt(Number(args.tickets))} tickets`}…`);
  run(dir, 'scripts/build.ts', [], {});
  if (kept && existsSync(kept)) {
    copyFileSync(kept, file);
  } else {
    run(dir, 'bench/seed-bulk.ts', ['--tickets', args.tickets!, '--staff', args.staff!, '--waiting', args.waiting!, '--seed', '42'], { DATABASE_URL: url });
    if (kept) {
      mkdirSync(resolve(args.seeds!), { recursive: true });
      const db = new Database(file);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      copyFileSync(file, kept);
    }
  }
  if (spreadLanes) {
    const db = new Database(file);
    const now = Date.now();
    db.prepare(
      `update tickets set lane = id % 4, first_response_due_at = ? + (id % 4 + 1) * 3600000, resolution_due_at = ? + (id % 3 + 1) * 86400000 where status in ('registered', 'in_progress')`,
    ).run(now, now);
    db.close();
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--max-semi-space-size=4', 'dist/server/main.mjs'], {
    cwd: dir,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: base,
      DEMO: '0',
      LOG_LEVEL: 'warn',
      ITIMS_ADMIN_PASSWORD: PASSWORD,
      RATE_LIMIT_PER_MINUTE: '1000000',
      STAFF_REQUESTS_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHealth(base, child);
  const headers: Record<string, string> = { authorization: `Bearer ${await token(base)}` };
  if (args.encoding) headers['accept-encoding'] = args.encoding;
  return { name, dir, file: tmp, base, child, headers };
}

/** The status, once the whole body has arrived. */
async function read(res: Response): Promise<number> {
  await res.arrayBuffer();
  return res.status;
}

/** `concurrency` workers; request i goes to side i % 2, so both sides see the same machine. */
async function alternate(sides: Side[], send: (s: Side) => Promise<number>, seconds: number) {
  const lat: number[][] = sides.map(() => []);
  const bad: number[] = sides.map(() => 0);
  const end = performance.now() + seconds * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: Number(args.concurrency) }, async () => {
      while (performance.now() < end) {
        const k = i++ % sides.length;
        const t = performance.now();
        const status = await send(sides[k]!);
        lat[k]!.push(performance.now() - t);
        if (status >= 500) bad[k]!++;
      }
    }),
  );
  return lat.map((l, k) => {
    l.sort((a, b) => a - b);
    const q = (p: number) => l[Math.min(l.length - 1, Math.floor(p * l.length))] ?? NaN;
    return { n: l.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), errors5xx: bad[k]! };
  });
}

const sides = [await prepare('before', resolve(args.before), false), await prepare('after', process.cwd(), true)];
try {
  const seconds = Number(args.duration);
  // Warm both (caches, JIT) before measuring.
  await alternate(sides, async (s) => read(await fetch(`${s.base}/api/v1/queue`, { headers: s.headers })), 2);
  const queue = await alternate(sides, async (s) => read(await fetch(`${s.base}/api/v1/queue`, { headers: s.headers })), seconds);
  const next = await alternate(sides, async (s) => read(await fetch(`${s.base}/api/v1/queue/next`, { method: 'POST', headers: s.headers })), seconds);
  console.log(`Accept-Encoding: ${args.encoding ?? 'gzip, deflate (fetch)'}`);
  console.log(`| scenario | before (${args.before}) | after (this checkout) | after / before (p95) |`);
  console.log('| --- | --- | --- | --- |');
  for (const [name, r] of [
    ['queue GET /api/v1/queue', queue],
    ['take next POST /api/v1/queue/next', next],
  ] as const) {
    const cell = (x: (typeof r)[number]) => `p50 ${fmt(x.p50, 1)} ms, p95 ${fmt(x.p95, 1)} ms, p99 ${fmt(x.p99, 1)} ms (${fmt(x.n)} req${x.errors5xx ? `, ${x.errors5xx} 5xx` : ''})`;
    console.log(`| ${name} | ${cell(r[0]!)} | ${cell(r[1]!)} | ${fmt((r[1]!.p95 / r[0]!.p95) * 100)} % |`);
  }
} finally {
  for (const s of sides) {
    s.child.kill('SIGTERM');
    rmSync(s.file, { recursive: true, force: true });
  }
}

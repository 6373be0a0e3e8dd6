/**
 * Load: 200 connections of mixed traffic (filing, tracking, assistant, staff queue) for
 * LOAD_SECONDS (60 by default) against a real ITIMS child process on SQLite. Holds: no 5xx, no
 * connection error, every 201 stored, and resident memory flat (the last part of the run is not
 * meaningfully above the first part after warm-up).
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import autocannon from 'autocannon';
import { createDatabase } from '../../src/db/database';
import { dnisThatCanFile } from '../helpers/factories';
import { startChildServer, type ChildServer } from '../helpers/child-server';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200);
const ADMIN_PASSWORD = 'load-admin-password';

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

describe('mixed load', () => {
  let dir: string;
  let server: ChildServer;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'itims-load-'));
    url = `sqlite:${join(dir, 'load.sqlite')}`;
    server = await startChildServer({ DATABASE_URL: url, TICKET_FLOOD_MINUTES: '0', ITIMS_ADMIN_PASSWORD: ADMIN_PASSWORD }, { demo: true });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`serves ${CONNECTIONS} connections of mixed traffic for ${SECONDS} s with no 5xx, no error and flat memory`, async () => {
    const db = createDatabase(url);
    const dnis = await dnisThatCanFile(db.db);
    const categories = ((await (await fetch(`${server.base}/api/v1/categories`)).json()) as { id: number }[]).map((c) => c.id);
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`${server.base}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dni: dnis[i], categoryId: categories[0], description: 'Ticket inicial para la prueba de carga.' }),
      });
      codes.push(((await r.json()) as { code: string }).code);
    }
    // Staff token (if the auth API exists) for the queue.
    let auth: string | null = null;
    const login = await fetch(`${server.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    if (login.ok) {
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const tok = await fetch(`${server.base}/api/v1/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ name: 'carga' }),
      });
      if (tok.ok) auth = `Bearer ${((await tok.json()) as { token: string }).token}`;
    }
    const queueAvailable = auth ? (await fetch(`${server.base}/api/v1/queue`, { headers: { authorization: auth } })).status === 200 : false;
    const chatAvailable =
      (await fetch(`${server.base}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content: 'hola' }] }) }))
        .status !== 404;

    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(rssMb(server.child.pid!)), 1000);
    let n = 0;
    let created201 = 0;
    const createdCodes: string[] = [];
    const kinds: Record<string, number> = {};
    const result = await new Promise<autocannon.Result>((resolve, reject) =>
      autocannon(
        {
          url: server.base,
          connections: CONNECTIONS,
          duration: SECONDS,
          timeout: 30,
          requests: [
            {
              // Only filing answers 201.
              onResponse: (status: number, body: string) => {
                if (status !== 201) return;
                created201++;
                createdCodes.push(JSON.parse(body).code);
              },
              setupRequest: (req) => {
                const i = n++;
                const pick = i % 10;
                if (pick < 3) {
                  kinds.file = (kinds.file ?? 0) + 1;
                  return {
                    ...req,
                    method: 'POST',
                    path: '/api/v1/tickets',
                    headers: { 'content-type': 'application/json', 'idempotency-key': `load-${i}` },
                    body: JSON.stringify({ dni: dnis[i % dnis.length], categoryId: categories[i % categories.length], description: `Carga mixta: el equipo ${i} no enciende.` }),
                  };
                }
                if (pick < 6 || (!chatAvailable && pick < 8) || (!queueAvailable && pick >= 8)) {
                  kinds.track = (kinds.track ?? 0) + 1;
                  return { ...req, method: 'GET', path: `/api/v1/tickets/${codes[i % codes.length]}`, headers: {}, body: undefined };
                }
                if (pick < 8) {
                  kinds.chat = (kinds.chat ?? 0) + 1;
                  return {
                    ...req,
                    method: 'POST',
                    path: '/api/v1/chat',
                    headers: { 'content-type': 'application/json' },
                    body: JSON.stringify({ messages: [{ role: 'user', content: 'la impresora no imprime' }] }),
                  };
                }
                kinds.queue = (kinds.queue ?? 0) + 1;
                return { ...req, method: 'GET', path: '/api/v1/queue', headers: { authorization: auth! }, body: undefined };
              },
            },
          ],
        },
        (err, r) => (err ? reject(err) : resolve(r)),
      ),
    );
    clearInterval(sampler);
    const stored = Number(
      (
        await db.db
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('description', 'like', 'Carga mixta:%')
          .executeTakeFirstOrThrow()
      ).n,
    );
    let storedOf201 = 0;
    for (let i = 0; i < createdCodes.length; i += 500) {
      storedOf201 += (
        await db.db
          .selectFrom('tickets')
          .select('id')
          .where('code', 'in', createdCodes.slice(i, i + 500))
          .execute()
      ).length;
    }
    await db.close();

    const tenth = Math.max(1, Math.floor(rss.length / 6));
    const early = rss.slice(tenth, tenth * 2);
    const late = rss.slice(-tenth);
    const avg = (a: number[]) => a.reduce((s, x) => s + x, 0) / Math.max(1, a.length);
    console.log(
      `[load] ${result.requests.total} requests in ${SECONDS} s (${Math.round(result.requests.average)}/s) by kind ${JSON.stringify(kinds)}; ` +
        `2xx ${result['2xx']}, 4xx ${result['4xx']}, 5xx ${result['5xx']}, errors ${result.errors}, timeouts ${result.timeouts}; ` +
        `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; tickets 201 ${created201}, stored ${stored}; RSS early ${avg(early).toFixed(0)} MB, late ${avg(late).toFixed(0)} MB, max ${Math.max(...rss).toFixed(0)} MB` +
        `${queueAvailable ? '' : ' (queue endpoint not available: its share went to tracking)'}${chatAvailable ? '' : ' (chat endpoint not available: its share went to tracking)'}`,
    );
    expect(result['5xx']).toBe(0);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(server.child.exitCode).toBeNull();
    // The 300 MB target under load is measured by `npm run bench`; here: flat, and far from a leak.
    expect(Math.max(...rss)).toBeLessThan(500);
    expect(avg(late)).toBeLessThan(avg(early) * 1.25 + 10);
    expect(created201).toBeGreaterThan(0);
    // Every 201 is stored; a few more may be stored whose answers were cut off when the run ended.
    expect(storedOf201).toBe(created201);
    expect(stored).toBeGreaterThanOrEqual(created201);
    expect(stored - created201).toBeLessThanOrEqual(CONNECTIONS);
  }, 600_000);
});

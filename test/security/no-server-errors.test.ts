/**
 * Finding 10 of issue 13: inputs that answered 500 (no leak, but an error log with a stack trace).
 * Sent to a real server exactly as an attacker would (raw paths, not normalised by a client
 * library); each must now get a 4xx in the error envelope, and nothing may be logged as an error.
 */
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app';
import { createContext } from '../../src/core/context';
import { describeEachDialect, listenOnLoopback, testConfig, type TestApp } from '../helpers/app';
import { createTestDatabase } from '../helpers/databases';
import { buildUser } from '../helpers/factories';
import { bearerToken } from '../helpers/auth';

/** GET with the path sent byte for byte (`fetch` would resolve `..` before sending). */
function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describeEachDialect('inputs that used to answer 500', (dialect) => {
  let t: TestApp;
  let base: string;
  let token: string;
  const logLines: string[] = [];
  beforeAll(async () => {
    const database = await createTestDatabase(dialect);
    const ctx = createContext(testConfig({}, { LOG_LEVEL: 'info' }), database);
    const logStream = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp(ctx, { logLevel: 'info', logStream });
    await app.ready();
    t = {
      app,
      ctx,
      database,
      async close() {
        await app.close();
        await database.drop();
      },
    };
    base = await listenOnLoopback(t);
    token = await bearerToken(t, await buildUser(database, { role: 'admin' }));
  });
  afterAll(() => t.close());

  const cases: [string, string, boolean][] = [
    ['a raw dot-dot path under the vendor assets', '/assets/vendor/bootstrap/../package.json', false],
    ['a raw encoded dot-dot path under the vendor assets', '/assets/vendor/bootstrap/%2e%2e/package.json', false],
    ['limit=Infinity on the queue', '/api/v1/queue?limit=Infinity', true],
    ['limit=1e309 on the queue', '/api/v1/queue?limit=1e309', true],
    ['limit=1e309 on the ticket list', '/api/v1/tickets?limit=1e309', true],
    ['limit=Infinity on the staff directory', '/api/v1/admin/staff?limit=Infinity', true],
    ['an id of 1e309 in the path', '/api/v1/admin/users/1e309', true],
    ['an id of Infinity in the path', '/api/v1/admin/faqs/Infinity', true],
    ['a summary of the last day of year 9999', '/api/v1/metrics/summary?from=9999-12-31&to=9999-12-31', true],
    ['the monthly report of December 9999', '/api/v1/reports/monthly.pdf?month=9999-12', true],
  ];
  it('answers a JSON body number of 1e309 with a 4xx', async () => {
    const res = await fetch(`${base}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"dni":"12345678","categoryId":1e309,"description":"La impresora no imprime nada."}',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  for (const [name, path, staff] of cases) {
    it(`answers ${name} with a 4xx in the envelope`, async () => {
      const before = logLines.length;
      const res = await rawGet(base, path, staff ? { authorization: `Bearer ${token}`, accept: 'application/json' } : {});
      const errors = logLines.slice(before).filter((l) => JSON.parse(l).level >= 50);
      expect(res.status, res.body).toBeGreaterThanOrEqual(400);
      expect(res.status, res.body).toBeLessThan(500);
      if (path.startsWith('/api/')) expect(JSON.parse(res.body).error.code).toMatch(/^[A-Z_]+$/);
      expect(res.body).not.toMatch(/"version"|bootstrap@|stack/i);
      expect(errors).toEqual([]);
    });
  }
});

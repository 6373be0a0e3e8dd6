import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildStaff } from '../../test/helpers/factories';
import { PLANTED_STAFF } from './fixtures/pii-messages';

/**
 * Issue 13, finding 1: nine assistant turns of "arroba" repeated to 4,000 characters held the
 * event loop for 46 s, and every other request with it. The bound here is generous (a loaded CI
 * machine passes it; the old code missed it by minutes); the real figure is in `npm run eval:assistant`.
 */
describeEachDialect('chat against adversarial input on a real server', (dialect) => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { llm: { apiKey: null, baseUrl: 'http://127.0.0.1:9/none', models: ['x/y'], timeoutMs: 500 } } });
    for (const p of PLANTED_STAFF) await buildStaff(t.database, p);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
  });

  const chat = (messages: Array<{ role: 'user' | 'assistant'; content: string }>) =>
    fetch(`${base}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages }) });

  it('answers nine assistant turns of "arroba" repeated to 4,000 characters at once, and /health meanwhile', async () => {
    for (const block of ['arroba', 'arroba ', 'punto', 'x arroba y punto ', 'juan ', 'clave es ', '9 ']) {
      const turn = block.repeat(Math.ceil(4000 / block.length)).slice(0, 4000);
      const messages = [...Array.from({ length: 9 }, () => ({ role: 'assistant' as const, content: turn })), { role: 'user' as const, content: turn.slice(0, 1000) }];
      const started = performance.now();
      const [answer, health] = await Promise.all([chat(messages), fetch(`${base}/api/v1/health`)]);
      const elapsed = performance.now() - started;
      expect(answer.status, block).toBe(200);
      expect(health.status).toBe(200);
      expect(elapsed, `${JSON.stringify(block)} took ${elapsed.toFixed(0)} ms`).toBeLessThan(10_000);
    }
  }, 120_000);
});

/**
 * Libraries a server may never use are loaded on first use, not at start-up: grammY (only with a
 * Telegram bot token), the OpenAI SDK (only with an LLM key) and pdfkit (the first monthly PDF).
 * Together they were ~17 MB of the idle resident memory (target ≤ 150 MB). A static import added
 * anywhere would load them again; this checks the app as the server builds it.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { loginAs } from '../helpers/auth';
import { buildUser } from '../helpers/factories';

const require = createRequire(import.meta.url);
const loaded = (name: string) => Object.keys(require.cache).some((path) => path.includes(`/node_modules/${name}/`));

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('sqlite');
});
afterAll(() => t.close());

it('starts, serves the portal and answers the assistant without loading grammY, the OpenAI SDK or pdfkit', async () => {
  expect((await t.app.inject({ url: '/' })).statusCode).toBe(200);
  const chat = await t.app.inject({ method: 'POST', url: '/api/v1/chat', payload: { messages: [{ role: 'user', content: '¿Cómo cambio mi contraseña del correo?' }] } });
  expect(chat.statusCode).toBe(200);
  expect(['grammy', 'openai', 'pdfkit'].filter(loaded)).toEqual([]);
});

it('loads pdfkit for the first monthly report', async () => {
  const admin = { username: 'jefa', password: 'clave-de-la-jefa-1' };
  await buildUser(t.database, { ...admin, role: 'admin' });
  const res = await t.app.inject({ url: '/api/v1/reports/monthly.pdf?month=2026-02', headers: (await loginAs(t, admin)).headers });
  expect(res.statusCode).toBe(200);
  expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  expect(loaded('pdfkit')).toBe(true);
});

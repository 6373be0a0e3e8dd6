/**
 * Libraries a server may never use are loaded on first use, not at start-up: grammY (only with a
 * Telegram bot token), the OpenAI SDK (only with an LLM key) and pdfkit (the first monthly PDF).
 * Together they were ~17 MB of the idle resident memory (target ≤ 150 MB). A static import added
 * anywhere would load them again. The server runs as a child process (`src/main.ts`, as
 * `npm start` runs it) that writes down every npm package it resolves, by ESM import or require
 * (`test/helpers/loaded-packages.mjs`): `require.cache` alone never sees an ESM import.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../helpers/child-server';
import { cookieFrom } from '../helpers/auth';

const ADMIN_PASSWORD = 'clave-de-la-jefa-1';
const LAZY = ['grammy', 'openai', 'pdfkit'];

let dir: string;
let server: ChildServer;
let loadedFile: string;
const loaded = () => (existsSync(loadedFile) ? readFileSync(loadedFile, 'utf8').split('\n').filter(Boolean) : []);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'itims-lazy-'));
  loadedFile = join(dir, 'loaded.txt');
  server = await startChildServer(
    { DATABASE_URL: `sqlite:${join(dir, 'lazy.sqlite')}`, DEMO: '0', ITIMS_ADMIN_PASSWORD: ADMIN_PASSWORD, IN_PROCESS_WORKER: '1', LOADED_PACKAGES_FILE: loadedFile },
    { nodeOptions: ['--import', resolve('test/helpers/loaded-packages.mjs')] },
  );
}, 120_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('starts, serves the portal and answers the assistant without loading grammY, the OpenAI SDK or pdfkit', async () => {
  expect((await fetch(`${server.base}/`)).status).toBe(200);
  const chat = await fetch(`${server.base}/api/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: '¿Cómo cambio mi contraseña del correo?' }] }),
  });
  expect(chat.status).toBe(200);
  // The record works: the packages the server does use at start-up are in it.
  expect(loaded()).toEqual(expect.arrayContaining(['fastify', 'kysely', 'better-sqlite3']));
  expect(LAZY.filter((name) => loaded().includes(name))).toEqual([]);
});

it('loads pdfkit for the first monthly report', async () => {
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = cookieFrom(login.headers.getSetCookie(), 'itims_session');
  const res = await fetch(`${server.base}/api/v1/reports/monthly.pdf?month=2026-02`, { headers: { cookie: cookie ?? '' } });
  expect(res.status).toBe(200);
  expect(
    Buffer.from(await res.arrayBuffer())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  expect(loaded()).toContain('pdfkit');
  expect(loaded()).not.toContain('openai');
});

/**
 * A crash between a ticket's commit and its delivery loses nothing and doubles nothing: the server
 * runs as a child process on a temporary SQLite database; the fake Bot API holds sendMessage so
 * the SIGKILL lands after the commit and before Telegram answered; the server starts again and
 * each technician gets the notice exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/database';
import { FakeTelegram } from './fakes/telegram-bot-api';
import { buildCategory, buildStaff, buildUser } from './helpers/factories';
import { waitFor } from './helpers/telegram';

const CHATS = [7_000_001, 7_000_002];

interface Server {
  child: ChildProcess;
  url: string;
}

function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /ITIMS listo en (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] as string });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

function stopped(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('Telegram delivery across a crash', () => {
  let fake: FakeTelegram;
  let dir: string;
  let env: Record<string, string>;
  let database: Database | null = null;
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    dir = mkdtempSync(join(tmpdir(), 'itims-crash-'));
    env = {
      DATABASE_URL: `sqlite:${join(dir, 'itims.sqlite')}`,
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: 'http://itims.test',
      DEMO: '0',
      ITIMS_ADMIN_PASSWORD: 'clave-de-administracion',
      LOG_LEVEL: 'silent',
      IN_PROCESS_WORKER: '1',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: 'polling',
      TICKET_FLOOD_MINUTES: '0',
    };
  });

  afterAll(async () => {
    for (const child of servers) {
      child.kill('SIGKILL');
      await stopped(child);
    }
    await database?.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a notice exactly once to each technician after a SIGKILL between commit and delivery', async () => {
    const first = await startServer(env);
    servers.push(first.child);
    database = createDatabase(env.DATABASE_URL as string);
    const d = { db: database.db, dialect: database.dialect };
    const categoryId = (await buildCategory(d, { name: 'Correo' })).id;
    const person = await buildStaff(d);
    for (const chat of CHATS) await buildUser(d, { telegramChatId: String(chat) });

    fake.hold('sendMessage');
    const res = await fetch(`${first.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dni: person.dni, categoryId, description: 'No llegan los correos desde ayer.' }),
    });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    await waitFor(() => fake.callsOf('sendMessage').filter((c) => String(c.params.text).includes(code)).length >= CHATS.length, 30_000, 'held sends');

    first.child.kill('SIGKILL');
    await stopped(first.child);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.sent().filter((m) => m.text.includes(code))).toHaveLength(0);
    const pending = await database.db.selectFrom('notifications').select(['status']).execute();
    expect(pending.map((p) => p.status)).toEqual(['pending', 'pending']);

    fake.releaseHeld('sendMessage');
    const second = await startServer(env);
    servers.push(second.child);
    await waitFor(() => CHATS.every((chat) => fake.sent(chat).some((m) => m.text.includes(code))), 30_000, 'delivery after restart');
    await new Promise((r) => setTimeout(r, 1000));
    for (const chat of CHATS) expect(fake.sent(chat).filter((m) => m.text.includes(code))).toHaveLength(1);
    const rows = await database.db.selectFrom('notifications').selectAll().execute();
    expect(rows).toHaveLength(CHATS.length);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);

    second.child.kill('SIGTERM');
    await stopped(second.child);
  }, 120_000);
});

/**
 * Scale-out: two ITIMS instances (separate processes, each with its own outbox worker) on one
 * PostgreSQL database, driven round-robin: tickets filed on either, technicians taking "next" on
 * either. Holds: every ticket assigned exactly once, every job done exactly once (one attempt), and
 * every notification sent exactly once per ticket and technician.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate';
import { FakeTelegram } from '../fakes/telegram-bot-api';
import { createEmptyTestDatabase, type TestDatabase } from '../helpers/databases';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { startChildServer, type ChildServer } from '../helpers/child-server';

const TICKETS = Number(process.env.SCALE_TICKETS ?? 120);
const TECHNICIANS = 6;

describe('two instances on one PostgreSQL', () => {
  let fake: FakeTelegram;
  let database: TestDatabase;
  const servers: ChildServer[] = [];

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    database = await createEmptyTestDatabase('postgres', { poolSize: 4 });
    await migrateToLatest(database);
  }, 60_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await fake?.stop();
    await database?.drop();
  });

  it('assigns every ticket once and does every job and notification once', async () => {
    const d = { db: database.db, dialect: database.dialect };
    const office = await buildOffice(d);
    const categoryId = (await buildCategory(d)).id;
    const dnis: string[] = [];
    for (let i = 0; i < 40; i++) dnis.push((await buildStaff(d, { officeId: office.id })).dni);
    const techs: { username: string; password: string; chat: number }[] = [];
    for (let i = 0; i < TECHNICIANS; i++) {
      const chat = 9_200_000 + i;
      const u = await buildUser(d, { telegramChatId: String(chat), onDuty: true });
      techs.push({ ...u, chat });
    }
    const env = {
      DATABASE_URL: database.url,
      DEMO: '0',
      ITIMS_ADMIN_PASSWORD: 'dos-instancias-123',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      // Webhook mode: two processes must not both long-poll one bot (Telegram answers 409).
      TELEGRAM_MODE: 'webhook',
      PUBLIC_BASE_URL: 'https://itims.example.org',
      TICKET_FLOOD_MINUTES: '0',
      IN_PROCESS_WORKER: '1',
    };
    servers.push(await startChildServer(env), await startChildServer(env));
    const bases = servers.map((s) => s.base);

    // Each technician gets a bearer token (on either instance).
    const tokens: string[] = [];
    for (const [i, tech] of techs.entries()) {
      const base = bases[i % 2]!;
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: tech.username, password: tech.password }),
      });
      expect(login.status).toBe(200);
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const tok = await fetch(`${base}/api/v1/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ name: 'escala' }),
      });
      tokens.push(((await tok.json()) as { token: string }).token);
    }

    // File tickets round-robin, 8 at a time.
    const codes: string[] = [];
    for (let i = 0; i < TICKETS; i += 8) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(8, TICKETS - i) }, async (_, k) => {
          const n = i + k;
          const res = await fetch(`${bases[n % 2]}/api/v1/tickets`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ dni: dnis[n % dnis.length], categoryId, description: `Escala ${n}: no hay red en la oficina.` }),
          });
          expect(res.status).toBe(201);
          return ((await res.json()) as { code: string }).code;
        }),
      );
      codes.push(...batch);
    }

    // Technicians take "next" on alternating instances, all at once, until the queue is empty.
    const taken: string[][] = techs.map(() => []);
    await Promise.all(
      tokens.map(async (token, i) => {
        for (let round = 0; ; round++) {
          const res = await fetch(`${bases[(i + round) % 2]}/api/v1/queue/next`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
          if (res.status === 204) return;
          expect(res.status).toBe(200);
          const body = (await res.json()) as { code?: string; ticket?: { code: string } };
          taken[i]!.push(body.code ?? body.ticket!.code);
        }
      }),
    );
    const allTaken = taken.flat();
    expect(allTaken.length).toBe(TICKETS);
    expect(new Set(allTaken).size).toBe(TICKETS);
    expect(new Set(allTaken)).toEqual(new Set(codes));
    const assignedEvents = await database.db.selectFrom('ticket_events').select('ticket_id').where('type', '=', 'assigned').execute();
    expect(assignedEvents.length).toBe(TICKETS);

    // Every job done exactly once (first attempt), every message exactly once.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const open = Number(
        (
          await database.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', 'in', ['pending', 'running'])
            .executeTakeFirstOrThrow()
        ).n,
      );
      if (open === 0) break;
      if (Date.now() > deadline) throw new Error(`${open} jobs still open`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const jobs = await database.db.selectFrom('jobs').select(['type', 'status', 'attempts']).execute();
    const notDone = jobs.filter((j) => j.status !== 'done');
    const retried = jobs.filter((j) => j.attempts !== 1);
    let duplicates = 0;
    let missing = 0;
    for (const code of codes) {
      for (const tech of techs) {
        const n = fake.sent(tech.chat).filter((m) => m.text.includes(code)).length;
        if (n === 0) missing++;
        if (n > 1) duplicates += n - 1;
      }
    }
    console.log(
      `[scale] ${TICKETS} tickets over 2 instances: ${allTaken.length} assignments by ${TECHNICIANS} technicians, ${jobs.length} jobs, not done ${notDone.length}, retried ${retried.length}; messages missing ${missing}, duplicated ${duplicates}`,
    );
    expect(notDone).toEqual([]);
    expect(retried).toEqual([]);
    expect(missing).toBe(0);
    expect(duplicates).toBe(0);
  }, 600_000);
});

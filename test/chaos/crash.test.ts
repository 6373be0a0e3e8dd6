/**
 * Crash suite (`npm run test:chaos`; CI runs a short form): the server runs as a child process
 * with the outbox worker and the fake Telegram Bot API; CHAOS_CLIENTS clients file tickets
 * (retrying with the same Idempotency-Key when the server is down, as a real client would) while
 * the server is killed with SIGKILL CHAOS_KILLS times at random moments and started again.
 * Holds: every ticket that got a 201 is stored with its timeline; every ticket has its
 * notification job and it is done; every technician gets each ticket's message, and exactly one
 * copy of it is the one ITIMS recorded as sent. Another copy is tolerated only if it was never
 * recorded and was sent before the recorded one — a process killed after Telegram took the message
 * and before it could record it, the one window no sender can close (the Bot API has no
 * idempotency key); those are reported separately, any other duplicate fails. No job is stuck.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { FakeTelegram } from '../fakes/telegram-bot-api';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { freePort } from '../helpers/private-db-server';
import { startChildServer, type ChildServer } from '../helpers/child-server';

const KILLS = Number(process.env.CHAOS_KILLS ?? 10);
const CLIENTS = Number(process.env.CHAOS_CLIENTS ?? 50);
const CHATS = [8_100_001, 8_100_002, 8_100_003];

describe('crash suite: SIGKILL under load', () => {
  let fake: FakeTelegram;
  let dir: string;
  let database: Database;
  let server: ChildServer | null = null;
  let env: Record<string, string>;
  let port: number;

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    dir = mkdtempSync(join(tmpdir(), 'itims-chaos-'));
    const url = `sqlite:${join(dir, 'chaos.sqlite')}`;
    database = createDatabase(url);
    await migrateToLatest(database);
    port = await freePort();
    env = {
      DATABASE_URL: url,
      DEMO: '0',
      ITIMS_ADMIN_PASSWORD: 'clave-del-caos-123',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: 'polling',
      TICKET_FLOOD_MINUTES: '0',
      IN_PROCESS_WORKER: '1',
      LOG_LEVEL: 'silent',
    };
  }, 60_000);

  afterAll(async () => {
    if (server) await server.kill();
    await database?.close();
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps every ticket and delivers every notification once across ${KILLS} kills with ${CLIENTS} clients`, async () => {
    const d = { db: database.db, dialect: database.dialect };
    const office = await buildOffice(d, { name: 'Oficina de Caos' });
    const categoryId = (await buildCategory(d, { name: 'Hardware' })).id;
    const people: string[] = [];
    for (let i = 0; i < 100; i++) people.push((await buildStaff(d, { officeId: office.id })).dni);
    const userOfChat = new Map<number, number>();
    for (const chat of CHATS) userOfChat.set(chat, (await buildUser(d, { telegramChatId: String(chat), onDuty: true })).id);

    server = await startChildServer(env, { port });
    const base = server.base;
    const created = new Map<string, string>(); // idempotency key → code
    let requests = 0;
    let refused = 0;
    const serverErrors: string[] = [];
    let running = true;

    const client = async (c: number) => {
      let n = 0;
      while (running) {
        const key = `chaos-${c}-${n}`;
        const body = JSON.stringify({ dni: people[(c * 7 + n) % people.length], categoryId, description: `Caos ${c}-${n}: el equipo no enciende.` });
        // Retry the same request (same key) until the server answers, like a real client.
        for (;;) {
          requests++;
          let answer: { status: number; text: string };
          try {
            const res = await fetch(`${base}/api/v1/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body, signal: AbortSignal.timeout(10_000) });
            answer = { status: res.status, text: await res.text() };
          } catch {
            // No answer (the server is down or was killed mid-request): only that is retried.
            refused++;
            if (!running) break;
            await new Promise((r) => setTimeout(r, 50));
            continue;
          }
          if (answer.status === 201) created.set(key, JSON.parse(answer.text).code);
          else if (answer.status >= 500) serverErrors.push(`${answer.status} ${answer.text.slice(0, 200)}`);
          break;
        }
        n++;
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));

    for (let k = 0; k < KILLS; k++) {
      await new Promise((r) => setTimeout(r, 400 + Math.random() * 1600));
      await server.kill();
      server = await startChildServer(env, { port });
    }
    await new Promise((r) => setTimeout(r, 1000));
    running = false;
    await Promise.all(clients);

    // Let the worker finish (a job a killed worker held comes back when its lease ends).
    const deadline = Date.now() + 150_000;
    let open = Infinity;
    while (Date.now() < deadline) {
      // Each ticket also holds a future sla.check job (due hours from now): count only what is due.
      const r = await database.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', 'in', ['pending', 'running'])
        .where('run_at', '<=', Date.now())
        .executeTakeFirstOrThrow();
      open = Number(r.n);
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }

    const tickets = await database.db.selectFrom('tickets').select(['id', 'code']).execute();
    const codes201 = [...created.values()];
    const storedCodes = new Set(tickets.map((t) => t.code));
    const lost = codes201.filter((c) => !storedCodes.has(c));
    const createdEvents = new Set((await database.db.selectFrom('ticket_events').select('ticket_id').where('type', '=', 'created').execute()).map((e) => e.ticket_id));
    const withoutTimeline = tickets.filter((t) => !createdEvents.has(t.id));
    const jobs = await database.db.selectFrom('jobs').select(['dedupe_key', 'status', 'last_error']).where('type', '=', 'ticket.created').execute();
    const jobByKey = new Map(jobs.map((j) => [j.dedupe_key, j]));
    const withoutJob = tickets.filter((t) => jobByKey.get(`ticket.created:${t.id}`)?.status !== 'done');
    const failedJobs = await database.db.selectFrom('jobs').select(['type', 'last_error']).where('status', '=', 'failed').execute();

    // Messages per ticket and technician, against what ITIMS recorded as sent.
    const recorded = await database.db.selectFrom('notifications').select(['ticket_id', 'user_id', 'telegram_message_id', 'status']).where('kind', '=', 'new_ticket').execute();
    const recordedIds = new Map<string, string[]>();
    for (const r of recorded) {
      const key = `${r.ticket_id}:${r.user_id}`;
      if (r.telegram_message_id) recordedIds.set(key, [...(recordedIds.get(key) ?? []), r.telegram_message_id]);
    }
    // Messages by chat and ticket code, read once (a scan per ticket was quadratic: minutes at 17,000 tickets).
    const byChatAndCode = new Map<number, Map<string, ReturnType<typeof fake.sent>>>();
    for (const chat of CHATS) {
      const byCode = new Map<string, ReturnType<typeof fake.sent>>();
      for (const m of fake.sent(chat)) {
        for (const code of new Set(m.text.match(/TK-[0-9A-Z]{8}/g) ?? [])) byCode.set(code, [...(byCode.get(code) ?? []), m]);
      }
      byChatAndCode.set(chat, byCode);
    }
    let missing = 0;
    let duplicates = 0;
    let ambiguous = 0;
    let unrecorded = 0;
    for (const t of tickets) {
      for (const chat of CHATS) {
        const copies = byChatAndCode.get(chat)?.get(t.code) ?? [];
        const ids = recordedIds.get(`${t.id}:${userOfChat.get(chat)}`) ?? [];
        const kept = copies.filter((m) => ids.includes(String(m.messageId)));
        if (copies.length === 0) missing++;
        if (kept.length !== 1) {
          // Nothing (or more than one copy) recorded as sent.
          if (copies.length > 0) unrecorded++;
          continue;
        }
        for (const m of copies) {
          if (m === kept[0]) continue;
          if (m.sentAt <= kept[0]!.sentAt) ambiguous++;
          else duplicates++;
        }
      }
    }
    console.log(
      `[chaos] ${KILLS} kills, ${CLIENTS} clients, ${requests} requests (${refused} refused while down), ${codes201.length} tickets answered 201, ${tickets.length} stored, ${serverErrors.length} answered 5xx; ` +
        `lost ${lost.length}, without timeline ${withoutTimeline.length}, without a done job ${withoutJob.length}, failed jobs ${failedJobs.length}, open jobs ${open}; ` +
        `messages ${fake.sent().length} for ${tickets.length * CHATS.length} expected: missing ${missing}, not recorded once ${unrecorded}, duplicated ${duplicates}, resent after a crash before being recorded ${ambiguous}`,
    );
    expect(codes201.length).toBeGreaterThan(0);
    expect(serverErrors, 'a request answered with a 5xx').toEqual([]);
    expect(lost).toEqual([]);
    expect(withoutTimeline).toEqual([]);
    expect(withoutJob.map((t) => t.code)).toEqual([]);
    expect(failedJobs).toEqual([]);
    expect(open).toBe(0);
    expect(missing).toBe(0);
    expect(unrecorded).toBe(0);
    expect(duplicates).toBe(0);
  }, 900_000);
});

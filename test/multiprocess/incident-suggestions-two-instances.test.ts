/**
 * Suggested incidents with several processes on one PostgreSQL (issue 19): two web instances, each
 * with its own outbox worker, plus `npm run worker`. Bursts of tickets of several categories are
 * filed on both instances at once, so the three workers detect the same suggestion at the same
 * moment. Holds: one suggestion recorded per category, and each on-duty technician gets exactly one
 * Telegram notice per suggestion (the fake Bot API counts them), however many tickets joined it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate';
import { FakeTelegram } from '../fakes/telegram-bot-api';
import { createEmptyTestDatabase, type TestDatabase } from '../helpers/databases';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { startChildServer, startChildWorker, type ChildServer, type ChildWorker } from '../helpers/child-server';

const CATEGORIES = 4;
const PER_CATEGORY = 6;
const TECHNICIANS = 3;

describe('suggested incidents with two web instances and a worker on one PostgreSQL', () => {
  let fake: FakeTelegram;
  let database: TestDatabase;
  const servers: ChildServer[] = [];
  let worker: ChildWorker | undefined;

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    database = await createEmptyTestDatabase('postgres', { poolSize: 4 });
    await migrateToLatest(database);
  }, 60_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await worker?.stop();
    await fake?.stop();
    await database?.drop();
  });

  it('records each suggestion once and sends each technician one notice per suggestion', async () => {
    const d = { db: database.db, dialect: database.dialect };
    const offices = [await buildOffice(d, { name: 'Sede Central' }), await buildOffice(d, { name: 'Agencia Norte' })];
    const categories: { id: number; name: string }[] = [];
    for (let i = 0; i < CATEGORIES; i++) categories.push(await buildCategory(d, { name: `Servicio caído ${i + 1}` }));
    const people: { dni: string }[] = [];
    for (let i = 0; i < CATEGORIES * PER_CATEGORY; i++) people.push(await buildStaff(d, { officeId: offices[i % 2]!.id }));
    const chats: number[] = [];
    for (let i = 0; i < TECHNICIANS; i++) {
      const chat = 9_300_000 + i;
      await buildUser(d, { telegramChatId: String(chat), onDuty: true });
      chats.push(chat);
    }
    const env = {
      DATABASE_URL: database.url,
      DEMO: '0',
      ITIMS_ADMIN_PASSWORD: 'sugerencias-123',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      // Webhook mode: several processes must not long-poll one bot.
      TELEGRAM_MODE: 'webhook',
      PUBLIC_BASE_URL: 'https://itims.example.org',
      TICKET_FLOOD_MINUTES: '0',
      IN_PROCESS_WORKER: '1',
      INCIDENT_MIN_TICKETS: '3',
      INCIDENT_WINDOW_MINUTES: '30',
    };
    servers.push(await startChildServer(env), await startChildServer(env));
    worker = await startChildWorker(env);
    const bases = servers.map((s) => s.base);

    // Every ticket of every burst at once, alternating instances. (Each also has an SLA check due hours later: not waited for.)
    await Promise.all(
      people.map(async (person, n) => {
        const category = categories[n % CATEGORIES]!;
        const res = await fetch(`${bases[n % 2]}/api/v1/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ dni: person.dni, categoryId: category.id, description: `Ráfaga ${n}: el servicio no responde.` }),
        });
        expect(res.status, await res.clone().text()).toBe(201);
      }),
    );

    const deadline = Date.now() + 60_000;
    for (;;) {
      const open = Number(
        (
          await database.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', 'in', ['pending', 'running'])
            .where('run_at', '<=', Date.now())
            .executeTakeFirstOrThrow()
        ).n,
      );
      if (open === 0) break;
      if (Date.now() > deadline) {
        const stuck = await database.db.selectFrom('jobs').selectAll().where('status', 'in', ['pending', 'running']).limit(3).execute();
        throw new Error(`${open} jobs still open: ${JSON.stringify(stuck)}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }

    const records = await database.db.selectFrom('incident_suggestions').select(['category_id', 'active_category_id']).execute();
    expect(records.map((r) => r.category_id).sort((a, b) => a - b)).toEqual(categories.map((c) => c.id).sort((a, b) => a - b));
    expect(records.every((r) => r.active_category_id === r.category_id)).toBe(true);

    const counts: Record<string, number> = {};
    for (const chat of chats) {
      for (const category of categories) {
        counts[`${chat}:${category.name}`] = fake.sent(chat).filter((m) => m.text.startsWith('⚠️ Posible incidente') && m.text.includes(`de ${category.name} en`)).length;
      }
    }
    console.log(
      `[suggestions] ${people.length} tickets in ${CATEGORIES} bursts over 2 instances + 1 worker: ${records.length} suggestions, notices per technician and category ${JSON.stringify(Object.values(counts))}`,
    );
    expect(Object.values(counts)).toEqual(Array(TECHNICIANS * CATEGORIES).fill(1));
    const jobs = await database.db.selectFrom('jobs').select(['status']).where('type', '=', 'notification.send').execute();
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
  }, 300_000);
});

/**
 * Major-incident news with two ITIMS instances (separate processes, each with its own outbox worker)
 * on one PostgreSQL database (issue 19): an incident declared on one, public updates posted on both,
 * resolved on the other. Every follower of every child gets the linking message, each update and the
 * resolution exactly once, and every job is done once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate';
import { subscribeChat } from '../../src/notifications/notifications.repository';
import { FakeTelegram } from '../fakes/telegram-bot-api';
import { createEmptyTestDatabase, type TestDatabase } from '../helpers/databases';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { startChildServer, type ChildServer } from '../helpers/child-server';

const CHILDREN = 12;
const UPDATES = 4;

describe('incident news from two instances on one PostgreSQL', () => {
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

  it('sends each follower the link, every update and the resolution once', async () => {
    const d = { db: database.db, dialect: database.dialect };
    const office = await buildOffice(d);
    const categoryId = (await buildCategory(d)).id;
    const tech = await buildUser(d, { fullName: 'Rosa Quispe Mamani' });
    const env = {
      DATABASE_URL: database.url,
      DEMO: '0',
      ITIMS_ADMIN_PASSWORD: 'dos-instancias-123',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: 'webhook',
      PUBLIC_BASE_URL: 'https://itims.example.org',
      TICKET_FLOOD_MINUTES: '0',
      IN_PROCESS_WORKER: '1',
    };
    servers.push(await startChildServer(env), await startChildServer(env));
    const bases = servers.map((s) => s.base);
    const login = await fetch(`${bases[0]}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: tech.username, password: tech.password }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const tok = await fetch(`${bases[0]}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'incidente' }),
    });
    const auth = { authorization: `Bearer ${((await tok.json()) as { token: string }).token}`, 'content-type': 'application/json' };

    // Children filed on either instance, each followed by its own chat ("Seguir").
    const children: { code: string; chat: number }[] = [];
    for (let i = 0; i < CHILDREN; i++) {
      const person = await buildStaff(d, { officeId: office.id });
      const res = await fetch(`${bases[i % 2]}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dni: person.dni, categoryId, description: `Incidente ${i}: el SIAF no abre.` }),
      });
      expect(res.status).toBe(201);
      const code = ((await res.json()) as { code: string }).code;
      const ticket = await database.db.selectFrom('tickets').select('id').where('code', '=', code).executeTakeFirstOrThrow();
      const chat = 9_300_000 + i;
      await subscribeChat(database.db, database.dialect, ticket.id, String(chat), Date.now());
      children.push({ code, chat });
    }

    const declared = await fetch(`${bases[0]}/api/v1/incidents`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'SIAF caído', publicMessage: 'El SIAF no responde.', ticketCodes: children.map((c) => c.code) }),
    });
    expect(declared.status).toBe(201);
    const id = ((await declared.json()) as { id: number }).id;
    // Updates posted on both instances, two at a time.
    for (let u = 0; u < UPDATES; u += 2) {
      const posted = await Promise.all(
        [u, u + 1].map((n) => fetch(`${bases[n % 2]}/api/v1/incidents/${id}/updates`, { method: 'POST', headers: auth, body: JSON.stringify({ message: `Novedad número ${n + 1}.` }) })),
      );
      for (const p of posted) expect(p.status).toBe(201);
    }
    const resolved = await fetch(`${bases[1]}/api/v1/incidents/${id}/resolve`, { method: 'POST', headers: auth, body: JSON.stringify({ note: 'Servidor del SIAF reemplazado.' }) });
    expect(resolved.status).toBe(200);

    const deadline = Date.now() + 120_000;
    for (;;) {
      const open = Number(
        (
          await database.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', 'in', ['pending', 'running'])
            .where('type', 'in', ['incident.news', 'ticket.status_changed', 'notification.send'])
            .executeTakeFirstOrThrow()
        ).n,
      );
      if (open === 0) break;
      if (Date.now() > deadline) throw new Error(`${open} jobs still open`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const jobs = await database.db.selectFrom('jobs').select(['type', 'status', 'attempts']).where('type', 'in', ['incident.news', 'ticket.status_changed', 'notification.send']).execute();
    expect(jobs.filter((j) => j.status !== 'done')).toEqual([]);
    expect(jobs.filter((j) => j.type === 'incident.news')).toHaveLength(1 + UPDATES);

    const wrong: string[] = [];
    for (const { code, chat } of children) {
      const texts = fake.sent(chat).map((m) => m.text);
      const expected = [
        `Su ticket ${code} es parte del incidente «SIAF caído»`,
        ...Array.from({ length: UPDATES }, (_, n) => `Novedad número ${n + 1}.`),
        `Su ticket ${code} quedó resuelto con el incidente «SIAF caído»:\nServidor del SIAF reemplazado.`,
      ];
      for (const e of expected) {
        const n = texts.filter((x) => x.includes(e)).length;
        if (n !== 1) wrong.push(`${code}: «${e.slice(0, 40)}» ${n} veces`);
      }
    }
    console.log(`[incident] ${CHILDREN} children over 2 instances, ${UPDATES} updates: ${jobs.length} jobs, ${wrong.length} wrong deliveries`);
    expect(wrong).toEqual([]);
  }, 300_000);
});

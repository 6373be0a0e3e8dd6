/**
 * Telegram down: the fake refuses every connection for a while, then answers 5xx, then 429 with
 * retry_after. Tickets keep being accepted; once it recovers every notification is delivered,
 * none twice for the same ticket and technician, and retry_after is honoured.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from './helpers/app';
import { buildCategory, buildStaff, buildUser } from './helpers/factories';
import { startTelegramApp, waitFor, type TelegramTestApp } from './helpers/telegram';

const CHATS = [6_000_001, 6_000_002];

describeEachDialect('Telegram outage', (dialect) => {
  let t: TelegramTestApp;
  let categoryId: number;

  beforeAll(async () => {
    // Delivery under an outage, not incidents: four tickets of one category would also bring an
    // incident suggestion, whose sends would change the counts below.
    t = await startTelegramApp(dialect, 'polling', { env: { INCIDENT_MIN_TICKETS: '0' } });
    categoryId = (await buildCategory(t.database, { name: 'Redes' })).id;
    for (const chat of CHATS) await buildUser(t.database, { telegramChatId: String(chat) });
  });
  afterAll(() => t.close());

  it('accepts tickets while Telegram is unreachable and delivers each notice exactly once after it recovers', async () => {
    await t.fake.refuseConnections();
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const person = await buildStaff(t.database);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { dni: person.dni, categoryId, description: `Sin red en la oficina, caso ${i}.` },
      });
      expect(res.statusCode).toBe(201);
      codes.push(res.json().code);
    }
    // Attempts fail against the closed port and are rescheduled with backoff.
    await waitFor(
      async () => {
        const rows = await t.database.db.selectFrom('jobs').select(['last_error']).where('type', '=', 'notification.send').execute();
        return rows.length === codes.length * CHATS.length && rows.every((r) => r.last_error !== null);
      },
      15_000,
      'failed first attempts',
    );
    expect(t.fake.sent()).toHaveLength(0);

    t.fake.failWithServerError('sendMessage', 2);
    t.fake.failWithRetryAfter('sendMessage', 1, 2);
    await t.fake.acceptConnections();

    await waitFor(() => codes.every((code) => CHATS.every((chat) => t.fake.sent(chat).some((m) => m.text.includes(code)))), 30_000, 'all delivered');
    await new Promise((r) => setTimeout(r, 500));
    for (const code of codes) {
      for (const chat of CHATS) expect(t.fake.sent(chat).filter((m) => m.text.includes(code))).toHaveLength(1);
    }

    // A 429 was answered by waiting at least retry_after before sending that message again.
    const sends = t.fake.callsOf('sendMessage');
    const limited = sends.filter((c) => c.status === 429);
    expect(limited).toHaveLength(2);
    for (const call of limited) {
      const retry = sends.find((c) => c.receivedAt > call.receivedAt && c.params.chat_id === call.params.chat_id && c.params.text === call.params.text);
      expect(retry).toBeDefined();
      expect(retry!.receivedAt - call.receivedAt).toBeGreaterThanOrEqual(950);
    }

    const rows = await t.database.db.selectFrom('notifications').selectAll().where('kind', '=', 'new_ticket').execute();
    expect(rows).toHaveLength(codes.length * CHATS.length);
    expect(rows.every((r) => r.status === 'sent' && r.telegram_message_id !== null)).toBe(true);
    const parked = await t.database.db.selectFrom('jobs').select('id').where('status', '=', 'failed').execute();
    expect(parked).toHaveLength(0);
  });

  it('parks a notice that keeps failing, shows it to the admin, and delivers it after "Reintentar"', async () => {
    const admin = await buildUser(t.database, { role: 'admin', onDuty: false, username: `admin-${dialect}` });
    const person = await buildStaff(t.database);
    t.fake.fail('sendMessage', 400, 'Bad Request: chat not found', { count: 2 });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'El proyector no enciende.' } });
    const code = res.json().code as string;
    const parked = await waitFor(
      async () =>
        t.database.db
          .selectFrom('jobs')
          .selectAll()
          .where('type', '=', 'notification.send')
          .where('status', '=', 'failed')
          .execute()
          .then((r) => (r.length >= 2 ? r : null)),
      15_000,
      'parked jobs',
    );
    const { loginAs } = await import('./helpers/auth');
    const session = await loginAs(t, admin);
    const page = await t.app.inject({ url: '/staff/admin/jobs', headers: { cookie: session.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('chat not found');
    expect(page.body).toContain('Reintentar');
    for (const job of parked) {
      const retry = await t.app.inject({ method: 'POST', url: `/staff/admin/jobs/${job.id}/retry`, headers: session.headers, payload: {} });
      expect(retry.statusCode).toBe(303);
    }
    await waitFor(() => CHATS.every((chat) => t.fake.sent(chat).some((m) => m.text.includes(code))), 10_000, 'delivered after retry');
    const notices = await t.database.db.selectFrom('admin_notices').selectAll().where('kind', '=', 'job.parked').execute();
    expect(notices.length).toBeGreaterThanOrEqual(2);
    // Anonymous callers are sent to the login page; nothing is retried.
    const anonymous = await t.app.inject({ method: 'POST', url: `/staff/admin/jobs/${parked[0]!.id}/retry`, payload: {} });
    expect(anonymous.headers.location).toBe('/login');
  });
});

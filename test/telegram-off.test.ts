/**
 * Without TELEGRAM_BOT_TOKEN ITIMS works fully: new tickets become notices in the web panel for
 * the on-duty staff (all of them, or the next one in turn), the tracked link still records the
 * opening, and the Telegram endpoints say Telegram is off.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from './helpers/app';
import { loginAs } from './helpers/auth';
import { buildCategory, buildStaff, buildUser } from './helpers/factories';
import { waitFor } from './helpers/telegram';
import { startBackground, type Background } from '../src/background';
import { writeSetting } from '../src/settings/settings';

describeEachDialect('notices without Telegram', (dialect) => {
  let t: TestApp;
  let background: Background;
  let categoryId: number;
  let users: { id: number; username: string; password: string }[];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    background = await startBackground(t.ctx, { worker: { pollIntervalMs: 50 }, reminderCheckMs: 0 });
    categoryId = (await buildCategory(t.database, { name: 'Software' })).id;
    users = [];
    for (let i = 0; i < 3; i++) users.push(await buildUser(t.database, { fullName: `Técnico ${i}` }));
    await buildUser(t.database, { onDuty: false });
  });
  afterAll(async () => {
    await background.stop(1000);
    await t.close();
  });

  async function fileTicket(): Promise<string> {
    const person = await buildStaff(t.database);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'El sistema de trámite no abre.' } });
    expect(res.statusCode).toBe(201);
    return res.json().code;
  }

  const noticesOf = async (code: string) =>
    t.database.db
      .selectFrom('notifications')
      .innerJoin('tickets', 'tickets.id', 'notifications.ticket_id')
      .select(['notifications.user_id', 'notifications.channel', 'notifications.status', 'notifications.kind'])
      .where('tickets.code', '=', code)
      // New-ticket notices: a third ticket of one category also brings everyone an incident suggestion.
      .where('notifications.kind', '=', 'new_ticket')
      .execute();

  it('writes a web notice for every on-duty user and lists it in the panel API', async () => {
    const code = await fileTicket();
    const rows = await waitFor(async () => {
      const r = await noticesOf(code);
      return r.length === users.length ? r : null;
    });
    expect(rows.every((r) => r.channel === 'web' && r.status === 'sent' && r.kind === 'new_ticket')).toBe(true);
    expect(rows.map((r) => r.user_id).sort()).toEqual(users.map((u) => u.id).sort());

    const session = await loginAs(t, users[0]!);
    const res = await t.app.inject({ url: '/api/v1/me/notifications', headers: session.headers });
    expect(res.statusCode).toBe(200);
    const item = res.json().items.find((n: { code: string }) => n.code === code);
    expect(item).toMatchObject({ kind: 'new_ticket', category: 'Software', status: 'registered', opened: false });
    const open = await t.app.inject({ url: new URL(item.url).pathname });
    expect(open.statusCode).toBe(303);
    const again = await t.app.inject({ url: '/api/v1/me/notifications', headers: session.headers });
    expect(again.json().items.find((n: { code: string }) => n.code === code).opened).toBe(true);
  });

  it('tells only the next on-duty user in turn when the setting says round robin', async () => {
    await writeSetting(t.database.db, dialect, 'notifications.mode', 'round_robin', Date.now());
    const recipients: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const code = await fileTicket();
      const rows = await waitFor(async () => {
        const r = await noticesOf(code);
        return r.length ? r : null;
      });
      expect(rows).toHaveLength(1);
      recipients.push(rows[0]!.user_id);
    }
    const ids = users.map((u) => u.id);
    // Consecutive tickets go to consecutive technicians, wrapping around.
    for (let i = 1; i < recipients.length; i++) {
      const prev = ids.indexOf(recipients[i - 1] as number);
      expect(recipients[i]).toBe(ids[(prev + 1) % ids.length]);
    }
    await writeSetting(t.database.db, dialect, 'notifications.mode', 'all', Date.now());
  });

  it('answers the Telegram endpoints as off, and the pages say so', async () => {
    const session = await loginAs(t, users[1]!);
    const link = await t.app.inject({ method: 'POST', url: '/api/v1/me/telegram-link', headers: session.headers });
    expect(link.statusCode).toBe(503);
    expect(link.json().error.code).toBe('TELEGRAM_DISABLED');
    const hook = await t.app.inject({ method: 'POST', url: '/telegram/webhook', payload: { update_id: 1 }, headers: { 'x-telegram-bot-api-secret-token': 'x' } });
    expect(hook.statusCode).toBe(404);
    const profile = await t.app.inject({ url: '/staff/profile', headers: { cookie: session.cookie } });
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('Telegram no está configurado en este servidor');
    const code = await fileTicket();
    const tracking = await t.app.inject({ url: `/t/${code}` });
    expect(tracking.statusCode).toBe(200);
    expect(tracking.body).not.toContain('Seguir por Telegram');
  });
});

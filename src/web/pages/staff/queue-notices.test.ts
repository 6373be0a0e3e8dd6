import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers/app';
import { buildCategory, buildStaff, buildUser } from '../../../../test/helpers/factories';
import { loginAs } from '../../../../test/helpers/auth';
import { waitFor } from '../../../../test/helpers/telegram';
import { startBackground, type Background } from '../../../background';

describe('notices in the web panel when Telegram is off', () => {
  let t: TestApp;
  let background: Background;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    background = await startBackground(t.ctx, { worker: { pollIntervalMs: 100 }, reminderCheckMs: 0 });
  });
  afterAll(async () => {
    await background.stop(1000);
    await t.close();
  });

  it('shows a new ticket on the technician’s queue page, linked through the tracked /n/ link', async () => {
    const tech = await buildUser(t.database, { onDuty: true });
    const categoryId = (await buildCategory(t.database)).id;
    const person = await buildStaff(t.database);
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'La impresora no imprime desde ayer.' } });
    const { code } = filed.json();
    await waitFor(async () => (await t.database.db.selectFrom('notifications').select('id').where('user_id', '=', tech.id).executeTakeFirst()) ?? null, 10_000, 'web notice');
    const session = await loginAs(t, tech);
    const page = await t.app.inject({ url: '/staff/queue', headers: { cookie: session.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(code);
    const link = /href="(\/n\/[^"]+)"/.exec(page.body)?.[1];
    expect(link).toBeTruthy();
    const opened = await t.app.inject({ url: link!, headers: { cookie: session.cookie } });
    expect([302, 303]).toContain(opened.statusCode);
    expect(opened.headers.location).toContain(code);
    const row = await t.database.db.selectFrom('notifications').select(['opened_at', 'channel']).where('user_id', '=', tech.id).executeTakeFirstOrThrow();
    expect(row.channel).toBe('web');
    expect(row.opened_at).not.toBeNull();
  });
});

/**
 * Webhook mode with the web process and `npm run worker` as two processes and no
 * TELEGRAM_WEBHOOK_SECRET set: the worker registers the webhook, the web process receives the
 * updates, so both must know the same secret. A technician links Telegram through a delivered
 * `/start <token>` update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate';
import { FakeTelegram } from '../fakes/telegram-bot-api';
import { createEmptyTestDatabase, type TestDatabase } from '../helpers/databases';
import { buildUser } from '../helpers/factories';
import { startChildServer, startChildWorker, type ChildServer, type ChildWorker } from '../helpers/child-server';

describe('webhook mode with a web process and a separate worker', () => {
  let fake: FakeTelegram;
  let database: TestDatabase;
  let web: ChildServer | undefined;
  let worker: ChildWorker | undefined;

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    database = await createEmptyTestDatabase('sqlite');
    await migrateToLatest(database);
  }, 60_000);
  afterAll(async () => {
    await web?.stop();
    await worker?.stop();
    await fake?.stop();
    await database?.drop();
  });

  it('accepts the updates Telegram delivers to the web process and links the technician', async () => {
    const tech = await buildUser({ db: database.db, dialect: database.dialect }, { onDuty: true });
    const env = {
      DATABASE_URL: database.url,
      DEMO: '0',
      ITIMS_ADMIN_PASSWORD: 'webhook-dos-procesos',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: 'webhook',
      PUBLIC_BASE_URL: 'https://itims.example.org',
      TELEGRAM_WEBHOOK_SECRET: '',
    };
    web = await startChildServer({ ...env, IN_PROCESS_WORKER: '0' });
    // Only the worker registers the webhook (the web process runs no background work).
    worker = await startChildWorker(env);
    expect(fake.webhookUrl).toBe('https://itims.example.org/telegram/webhook');
    fake.routeWebhooksTo(web.base);

    const login = await fetch(`${web.base}/api/v1/auth/login`, {
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
    const link = await fetch(`${web.base}/api/v1/me/telegram-link`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(link.status).toBe(200);
    const token = new URL(((await link.json()) as { url: string }).url).searchParams.get('start')!;

    const chat = 7_100_001;
    const update = await fake.startCommand(chat, token);
    expect(fake.webhookDeliveries.filter((d) => d.update.update_id === update.update_id).map((d) => d.status)).toEqual([200]);

    const deadline = Date.now() + 20_000;
    let linked: string | null = null;
    while (Date.now() < deadline) {
      const row = await database.db.selectFrom('users').select('telegram_chat_id').where('id', '=', tech.id).executeTakeFirstOrThrow();
      linked = row.telegram_chat_id;
      if (linked && fake.sent(chat).length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(linked).toBe(String(chat));
    expect(fake.sent(chat).length).toBe(1);
  }, 120_000);
});

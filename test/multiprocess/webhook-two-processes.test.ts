/**
 * Webhook mode with the web process and `npm run worker` as two processes and no
 * TELEGRAM_WEBHOOK_SECRET set: the worker registers the webhook, the web process receives the
 * updates, so both must know the same secret. A technician links Telegram through a delivered
 * `/start <token>` update.
 */
import { describe, expect, it } from 'vitest';
import { buildUser } from '../helpers/factories';
import { loginOverHttp, useChildProcesses, WEBHOOK_ENV } from '../helpers/child-processes';

describe('webhook mode with a web process and a separate worker', () => {
  const rig = useChildProcesses('sqlite');

  it('accepts the updates Telegram delivers to the web process and links the technician', async () => {
    const { d, database, fake } = rig;
    const tech = await buildUser(d, { onDuty: true });
    const env = rig.env({ ...WEBHOOK_ENV, TELEGRAM_WEBHOOK_SECRET: '' });
    const web = await rig.startServer({ ...env, IN_PROCESS_WORKER: '0' });
    // Only the worker registers the webhook (the web process runs no background work).
    await rig.startWorker(env);
    expect(fake.webhookUrl).toBe('https://itims.example.org/telegram/webhook');
    fake.routeWebhooksTo(web.base);

    const session = await loginOverHttp(web.base, tech);
    const link = await fetch(`${web.base}/api/v1/me/telegram-link`, { method: 'POST', headers: session.headers });
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

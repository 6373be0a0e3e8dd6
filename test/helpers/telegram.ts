/**
 * An app wired to the fake Bot API, with its background worker running, in webhook or polling
 * mode. Webhook calls from the fake reach the app on a real port (the fake plays the TLS proxy
 * in front of `https://itims.example.org`).
 */
import type { AddressInfo } from 'node:net';
import type { DialectName } from '../../src/db/database';
import { startBackground, type Background } from '../../src/background';
import { FakeTelegram } from '../fakes/telegram-bot-api';
import { startTestApp, type TestApp } from './app';
import { loginAs } from './auth';

export const PUBLIC_URL = 'https://itims.example.org';
export const WEBHOOK_SECRET = 'secreto-del-webhook-de-prueba';

export interface TelegramTestApp extends TestApp {
  fake: FakeTelegram;
  background: Background;
}

export async function startTelegramApp(
  dialect: DialectName,
  mode: 'webhook' | 'polling',
  options: { env?: Record<string, string>; fake?: FakeTelegram; retryMs?: number } = {},
): Promise<TelegramTestApp> {
  const fake = options.fake ?? (await FakeTelegram.start());
  const t = await startTestApp(dialect, {
    env: {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: mode,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PUBLIC_BASE_URL: PUBLIC_URL,
      ...options.env,
    },
  });
  if (mode === 'webhook') {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    fake.routeWebhooksTo(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`);
  }
  const retryMs = options.retryMs ?? 50;
  const background = await startBackground(t.ctx, {
    worker: { pollIntervalMs: 100, retryOverride: { baseMs: retryMs, maxMs: retryMs * 8 } },
    reminderCheckMs: 0,
  });
  return {
    ...t,
    fake,
    background,
    async close() {
      await background.stop(1000);
      await t.close();
      if (!options.fake) await fake.stop();
    },
  };
}

/** Polls until `check` returns a truthy value (or fails after `timeoutMs`). */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Links a technician's chat the way a person does: profile API → deep link → /start in the bot. */
export async function linkTechnician(t: TelegramTestApp, user: { id: number; username: string; password: string }, chatId: number): Promise<void> {
  const session = await loginAs(t, user);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/telegram-link', headers: session.headers });
  if (res.statusCode !== 200) throw new Error(`telegram-link answered ${res.statusCode} ${res.body}`);
  const token = new URL(res.json().url as string).searchParams.get('start') as string;
  await t.fake.startCommand(chatId, token);
  await waitFor(
    async () => (await t.database.db.selectFrom('users').select('telegram_chat_id').where('id', '=', user.id).executeTakeFirst())?.telegram_chat_id === String(chatId),
    10_000,
    `chat ${chatId} linked`,
  );
}

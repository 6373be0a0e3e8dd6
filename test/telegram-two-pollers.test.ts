/**
 * Two processes polling one bot (web + `npm run worker`, or several web instances): Telegram
 * serves one getUpdates at a time and ends the other with 409 "terminated by other getUpdates
 * request". Both pollers keep taking turns, no update is lost or stored twice, and the conflict
 * is said once per poller instead of logged as a failure.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from './helpers/app';
import { createTestDatabase, type TestDatabase } from './helpers/databases';
import { waitFor } from './helpers/telegram';
import { FakeTelegram } from './fakes/telegram-bot-api';
import { TelegramClient } from '../src/notifications/telegram/telegram-client';
import { startPolling, type Poller } from '../src/notifications/telegram/polling';

describeEachDialect('two pollers on one bot', (dialect) => {
  let fake: FakeTelegram;
  let database: TestDatabase;
  const warnings: string[][] = [[], []];
  let pollers: Poller[] = [];

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    await fake.stop();
    await database.drop();
  });

  it('take turns under 409 "terminated by other getUpdates request" and store every update exactly once', async () => {
    const deps = { database, clock: () => Date.now() };
    pollers = [0, 1].map((i) =>
      startPolling(new TelegramClient({ botToken: fake.token, apiRoot: fake.apiRoot, timeoutSeconds: 5 }), deps, { warn: (_obj, msg) => warnings[i]!.push(msg) }, { turnWaitMs: 40 }),
    );
    const sent: number[] = [];
    for (let i = 0; i < 30; i++) {
      sent.push((await fake.sendText(6_000_000 + (i % 3), `/estado ${i}`)).update_id);
      await new Promise((r) => setTimeout(r, 25));
    }
    const stored = async () => (await database.db.selectFrom('telegram_updates').select('update_id').execute()).map((r) => Number(r.update_id)).sort((a, b) => a - b);
    await waitFor(async () => (await stored()).length === sent.length, 15_000, 'every update stored');
    expect(await stored()).toEqual(sent);
    const jobs = await database.db.selectFrom('jobs').select('dedupe_key').where('type', '=', 'telegram.update').execute();
    expect(jobs.map((j) => j.dedupe_key).sort()).toEqual(sent.map((id) => `telegram.update:${id}`).sort());
    // They did collide, as two pollers on one bot do with Telegram.
    expect(fake.callsOf('getUpdates').filter((c) => c.status === 409).length).toBeGreaterThan(0);
    expect(fake.callsOf('deleteWebhook').length).toBe(2);
    for (const log of warnings) {
      expect(log.filter((m) => m.startsWith('no se pudo leer'))).toEqual([]);
      expect(log.filter((m) => m.startsWith('otro proceso')).length).toBeLessThanOrEqual(1);
    }
    expect(warnings.flat().filter((m) => m.startsWith('otro proceso')).length).toBeGreaterThan(0);
  });
});

/**
 * `npm run bench:telegram [-- --db sqlite|postgres|mysql --tickets 200 --technicians 3 --gap 25]`
 *
 * Latency from a ticket's commit to its sendMessage arriving at the Bot API: ITIMS in this process
 * (the same app and in-process worker as `npm start`) against the local fake Bot API, on a fresh
 * database. Tickets are filed one by one through the public API, `--gap` ms apart, and each
 * technician's sendMessage is timed from the ticket's `created_at` (taken just before its
 * transaction, so the figures slightly overstate the real commit-to-send time). Prints p50, p95
 * and max for the first message of a ticket and for all messages.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config';
import type { DialectName } from '../src/db/database';
import { buildApp } from '../src/http/app';
import { createContext } from '../src/core/context';
import { startBackground } from '../src/background';
import { FakeTelegram } from '../test/fakes/telegram-bot-api';
import { createTestDatabase } from '../test/helpers/databases';
import { buildCategory, buildStaff, buildUser } from '../test/helpers/factories';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    tickets: { type: 'string', default: '200' },
    technicians: { type: 'string', default: '3' },
    gap: { type: 'string', default: '25' },
  },
});
const TICKETS = Number(args.tickets);
const TECHNICIANS = Number(args.technicians);
const GAP_MS = Number(args.gap);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  const fake = await FakeTelegram.start();
  const database = await createTestDatabase(args.db as DialectName, { poolSize: 10 });
  const config = loadConfig(
    {
      PUBLIC_BASE_URL: 'https://itims.example.org',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '1000000',
      STAFF_REQUESTS_PER_MINUTE: '1000000',
      FILINGS_PER_HOUR: '1000000',
      TICKET_FLOOD_MINUTES: '0',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: 'polling',
    },
    { inProcessWorker: true },
  );
  const ctx = createContext(config, database);
  const app = await buildApp(ctx, { logLevel: 'silent' });
  await app.ready();
  const background = await startBackground(ctx, { reminderCheckMs: 0 });
  try {
    const categoryId = (await buildCategory(database, { name: 'Bench' })).id;
    const chats = Array.from({ length: TECHNICIANS }, (_, i) => 8_000_000 + i);
    for (const chat of chats) await buildUser(database, { telegramChatId: String(chat) });
    const people = [];
    for (let i = 0; i < TICKETS; i++) people.push(await buildStaff(database));

    const createdAt = new Map<string, number>();
    for (const person of people) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { dni: person.dni, categoryId, description: 'Ticket de medición de latencia.' },
      });
      if (res.statusCode !== 201) throw new Error(`ticket refused: ${res.statusCode} ${res.body}`);
      const code = res.json().code as string;
      const row = await database.db.selectFrom('tickets').select('created_at').where('code', '=', code).executeTakeFirstOrThrow();
      createdAt.set(code, row.created_at);
      if (GAP_MS > 0) await new Promise((r) => setTimeout(r, GAP_MS));
    }
    const expected = TICKETS * TECHNICIANS;
    const deadline = Date.now() + 60_000;
    while (fake.callsOf('sendMessage').filter((c) => c.status === 200).length < expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }

    const all: number[] = [];
    const first = new Map<string, number>();
    for (const call of fake.callsOf('sendMessage')) {
      if (call.status !== 200) continue;
      const code = /TK-[0-9A-Z]{8}/.exec(String(call.params.text))?.[0];
      const at = code ? createdAt.get(code) : undefined;
      if (!code || at === undefined) continue;
      const latency = performance.timeOrigin + call.receivedAt - at;
      all.push(latency);
      first.set(code, Math.min(first.get(code) ?? Infinity, latency));
    }
    all.sort((a, b) => a - b);
    const firsts = [...first.values()].sort((a, b) => a - b);
    console.log(`\nITIMS → Telegram (fake Bot API), ${args.db}, ${TICKETS} tickets × ${TECHNICIANS} technicians, ${GAP_MS} ms apart`);
    console.log(`delivered: ${all.length}/${expected}`);
    console.log('                         p50        p95        max');
    console.log(`first message     ${fmt(percentile(firsts, 50)).padStart(10)} ${fmt(percentile(firsts, 95)).padStart(10)} ${fmt(firsts.at(-1) ?? Number.NaN).padStart(10)}`);
    console.log(`every message     ${fmt(percentile(all, 50)).padStart(10)} ${fmt(percentile(all, 95)).padStart(10)} ${fmt(all.at(-1) ?? Number.NaN).padStart(10)}`);
  } finally {
    await background.stop(1000);
    await app.close();
    await database.drop();
    await fake.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

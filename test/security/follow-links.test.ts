/**
 * Finding 11 of issue 13, against a real server and the fake Bot API: every "Seguir por Telegram"
 * press stored an anonymous link token, without limit and forever. Now the presses of one address
 * have an hourly budget (429 with a Spanish message and Retry-After), and the daily purge deletes
 * the tokens once they expired. Finding 12's other half: following a ticket sends its full code
 * (and its tracking address) to the chat, since "Mis tickets" only shows it masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../helpers/app';
import { buildCategory, buildStaff } from '../helpers/factories';
import { PUBLIC_URL, startTelegramApp, waitFor, type TelegramTestApp } from '../helpers/telegram';
import { purgeOldRecords } from '../../src/maintenance/purge-old-records';
import { LINK_TOKEN_TTL_MS } from '../../src/notifications/commands/telegram-link';
import { countRows } from '../helpers/databases';

const CHAT_REQUESTER = 7_000_001;

describe('"Seguir por Telegram" link tokens', () => {
  let t: TelegramTestApp;
  let base: string;
  let code: string;

  beforeAll(async () => {
    t = await startTelegramApp('sqlite', 'polling', { env: { TRUST_PROXY: '1', FOLLOW_LINKS_PER_HOUR: '3' } });
    base = await listenOnLoopback(t);
    const categoryId = (await buildCategory(t.database)).id;
    const { dni } = await buildStaff(t.database);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni, categoryId, description: 'La impresora no imprime.' } });
    expect(res.statusCode).toBe(201);
    code = res.json().code as string;
  });
  afterAll(() => t.close());

  const follow = (address: string, accept = 'text/html') => fetch(`${base}/t/${code}/telegram`, { method: 'POST', redirect: 'manual', headers: { 'x-forwarded-for': address, accept } });
  const tokens = () => countRows(t.database.db, 'link_tokens');

  it('refuses the presses of one address beyond its hourly budget with a 429 in Spanish, not other addresses', async () => {
    const before = await tokens();
    for (let i = 0; i < 3; i++) {
      const res = await follow('198.51.100.70');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^https:\/\/t\.me\/itims_test_bot\?start=[A-Za-z0-9_-]+$/);
    }
    const refused = await follow('198.51.100.70');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Se pidieron demasiados enlaces de Telegram desde su red en la última hora');
    const json = await follow('198.51.100.70', 'application/json');
    expect(json.status).toBe(429);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_FOLLOW_LINKS');
    // The refused presses stored nothing; another address still gets its link.
    expect(await tokens()).toBe(before + 3);
    expect((await follow('198.51.100.71')).status).toBe(303);
    expect(await tokens()).toBe(before + 4);
  });

  it('sends the full code and its tracking address to the chat that follows the ticket', async () => {
    const res = await follow('198.51.100.72');
    const token = new URL(res.headers.get('location')!).searchParams.get('start')!;
    await t.fake.startCommand(CHAT_REQUESTER, token);
    const confirmation = await waitFor(() => t.fake.sent(CHAT_REQUESTER).find((m) => m.text.includes(code)), 10_000, 'subscription confirmed');
    expect(confirmation.text).toContain(`ticket ${code}.`);
    expect(confirmation.text).toContain(`${PUBLIC_URL}/t/${code}`);
  });

  it('purges the tokens once they expired, used or not, in the daily housekeeping', async () => {
    const stored = await tokens();
    expect(stored).toBeGreaterThanOrEqual(5);
    // Within their 15 minutes they stay (an unused one can still be opened in Telegram).
    expect(await purgeOldRecords({ database: t.database, clock: () => Date.now() })).toMatchObject({ expiredLinkTokens: 0, finished: true });
    expect(await tokens()).toBe(stored);
    const later = Date.now() + LINK_TOKEN_TTL_MS + 1_000;
    expect(await purgeOldRecords({ database: t.database, clock: () => later })).toMatchObject({ expiredLinkTokens: stored, finished: true });
    expect(await tokens()).toBe(0);
  });
});

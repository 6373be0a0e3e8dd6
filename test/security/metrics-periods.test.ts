/**
 * Finding 2 of issue 13: `GET /metrics/summary?from=1000-01-01&to=1009-12-31` held the event loop
 * for 10 s, and a period in the year 3000 wrote 3,651 rollup rows per call. Periods outside the
 * years that can hold records are refused with 422 before any work; inside, only the days between
 * the first and the last ticket are looked at, and nothing is stored for a day without tickets.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, listenOnLoopback, startTestApp, type TestApp } from '../helpers/app';
import { bearerToken } from '../helpers/auth';
import { buildTicket, buildUser } from '../helpers/factories';
import { countRows } from '../helpers/databases';

const DAY = 86_400_000;

describeEachDialect('metrics periods', (dialect) => {
  let t: TestApp;
  let base: string;
  let token: string;
  const storedDays = () => countRows(t.database.db, 'metrics_ticket_days');
  const summary = (query: string) => fetch(`${base}/api/v1/metrics/summary?${query}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await startTestApp(dialect);
    base = await listenOnLoopback(t);
    token = await bearerToken(t, await buildUser(t.database, { role: 'technician' }));
    // Three tickets on two days, ten and nine days ago.
    const noon = Math.floor(Date.now() / DAY) * DAY + DAY / 2;
    await buildTicket(t.database, { at: noon - 10 * DAY });
    await buildTicket(t.database, { at: noon - 10 * DAY + 60_000 });
    await buildTicket(t.database, { at: noon - 9 * DAY });
  });
  afterAll(() => t.close());

  it('refuses periods of the year 1000, the year 3000 and the year 9999 with 422 PERIOD_TOO_LONG, storing nothing', async () => {
    for (const query of ['from=1000-01-01&to=1009-12-31', 'from=3000-01-01&to=3009-12-31', 'from=9999-12-31&to=9999-12-31', 'from=2020-01-01&to=2035-12-31']) {
      const res = await summary(query);
      expect(res.status, query).toBe(422);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('PERIOD_TOO_LONG');
      expect(body.error.message).toContain('2000-01-01');
    }
    const pdf = await fetch(`${base}/api/v1/reports/monthly.pdf?month=1000-12`, { headers: { authorization: `Bearer ${await bearerToken(t, await buildUser(t.database, { role: 'admin' }))}` } });
    expect(pdf.status).toBe(422);
    expect(await storedDays()).toBe(0);
  });

  it('answers ten empty years at once and stores a rollup only for the days that have tickets', async () => {
    const tenYears = await summary('from=2011-01-01&to=2020-12-31');
    expect(tenYears.status).toBe(200);
    expect(((await tenYears.json()) as { tickets: { reported: number } }).tickets.reported).toBe(0);
    expect(await storedDays()).toBe(0);

    const lastYear = new Date(Date.now() - 300 * DAY).toISOString().slice(0, 10);
    const withData = await summary(`from=${lastYear}`);
    expect(withData.status).toBe(200);
    expect(((await withData.json()) as { tickets: { reported: number } }).tickets.reported).toBe(3);
    // 300 days asked for, two of them with tickets: two rows, not 300.
    expect(await storedDays()).toBe(2);
  });
});

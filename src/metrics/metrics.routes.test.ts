import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { bearerToken, loginAs } from '../../test/helpers/auth';
import { buildUser } from '../../test/helpers/factories';
import { APRIL_START, buildKnownHistory, type KnownHistory } from './fixtures/known-history';
import { recordLlmCall, recordTelegramSend } from './prometheus';

describeEachDialect('metrics API, Prometheus and health', (dialect) => {
  let t: TestApp;
  let history: KnownHistory;
  const admin = { username: 'jefa', password: 'clave-jefa-123' };
  const tech = { username: 'tecnico', password: 'clave-tecnico-123' };

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock: manualClock(APRIL_START + 10 * 86_400_000) });
    history = await buildKnownHistory(t.database);
    await buildUser(t.database, { ...admin, role: 'admin' });
    await buildUser(t.database, { ...tech, role: 'technician' });
  });
  afterAll(() => t.close());

  it('answers the six indicators of March to a technician, with the counts behind each ratio', async () => {
    const { headers } = await loginAs(t, tech);
    const res = await t.app.inject({ url: '/api/v1/metrics/summary?from=2026-03-01&to=2026-03-31', headers });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.from).toBe('2026-03-01T05:00:00.000Z');
    expect(s.to).toBe('2026-04-01T05:00:00.000Z');
    expect(s.tickets).toMatchObject({ reported: 1058, resolved: 1051, cancelled: 4 });
    expect(s.tickets.resolutionRate).toBeCloseTo(0.9934, 4);
    expect(s.assistant).toMatchObject({ interactions: 1364, answered: 1166 });
    expect(s.assistant.interactionRate).toBeCloseTo(0.8548, 4);
    expect(s.notifications).toMatchObject({ sent: 5290, opened: 4979 });
    expect(s.notifications.openRate).toBeCloseTo(0.9412, 4);
    expect(s.satisfaction).toMatchObject({ responses: 400 });
  });

  it('filters by office and category given as query ids', async () => {
    const token = await bearerToken(t, admin);
    const [officeA] = history.officeIds;
    const res = await t.app.inject({
      url: `/api/v1/metrics/summary?from=2026-03-01&to=2026-03-31&office=${officeA}&category=`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().tickets.reported).toBe(history.marchTickets.filter((x) => x.officeId === officeA).length);
  });

  it('defaults to the last 30 days and refuses malformed or reversed dates with 400 naming the field', async () => {
    const { headers } = await loginAs(t, admin);
    const last30 = await t.app.inject({ url: '/api/v1/metrics/summary', headers });
    expect(last30.statusCode).toBe(200);
    expect(Date.parse(last30.json().to) - Date.parse(last30.json().from)).toBe(30 * 86_400_000);
    for (const q of ['from=2026-02-30', 'from=ayer', 'from=2026-03-10&to=2026-03-01', 'office=abc', 'extra=1']) {
      const res = await t.app.inject({ url: `/api/v1/metrics/summary?${q}`, headers });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('BAD_REQUEST');
    }
    const bad = await t.app.inject({ url: '/api/v1/metrics/summary?from=2026-02-30', headers });
    expect(bad.json().error.fields.from).toMatch(/AAAA-MM-DD/);
  });

  it('refuses the summary to anonymous callers', async () => {
    const res = await t.app.inject({ url: '/api/v1/metrics/summary' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('serves Prometheus metrics to an admin session or an admin token, not to technicians', async () => {
    recordLlmCall('google/gemma-3-27b-it:free', 'ok');
    recordLlmCall('meta-llama/llama-3.3-70b-instruct:free', 'rate_limited');
    recordTelegramSend('ok');
    recordTelegramSend('blocked');
    await t.app.inject({ url: '/api/v1/tickets/TK-ZZZZZZZZ' });
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const techSession = await loginAs(t, tech);
    expect((await t.app.inject({ url: '/metrics', headers: techSession.headers })).statusCode).toBe(403);
    const token = await bearerToken(t, admin, 'prometheus');
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('# TYPE itims_http_request_duration_seconds histogram');
    expect(text).toMatch(/itims_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/tickets\/:code",status_code="404"\} [1-9]/);
    expect(text).not.toContain('TK-ZZZZZZZZ');
    // 1,058 March tickets + 1 straddling + 1 on 28 February + 20 in April.
    expect(text).toMatch(/^itims_tickets_created_total 1080$/m);
    expect(text).toMatch(/^itims_queue_length 23$/m);
    expect(text).toMatch(/^itims_jobs\{status="pending"\} \d+$/m);
    expect(text).toMatch(/^itims_jobs\{status="failed"\} 0$/m);
    expect(text).toMatch(/^itims_llm_calls_total\{model="google\/gemma-3-27b-it:free",outcome="ok"\} [1-9]/m);
    expect(text).toMatch(/^itims_llm_calls_total\{model="meta-llama\/llama-3.3-70b-instruct:free",outcome="rate_limited"\} [1-9]/m);
    expect(text).toMatch(/^itims_telegram_sends_total\{outcome="blocked"\} [1-9]/m);
    // Every sample line parses as `name{labels} value`.
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? -?[0-9.e+-]+|NaN|[+-]Inf$/);
    }
  });

  it('reports health with the job backlog and the last Telegram and model successes', async () => {
    const res = await t.app.inject({ url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    const h = res.json();
    expect(h).toMatchObject({ status: 'ok', database: 'ok', jobs: { pending: expect.any(Number), failed: 0 } });
    // The history's last delivered Telegram message is in April; recordTelegramSend('ok') above is later.
    expect(Date.parse(h.lastTelegramSuccessAt)).toBeGreaterThanOrEqual(APRIL_START);
    expect(h.lastLlmSuccessAt).not.toBeNull();
    expect(res.body).not.toMatch(/dni|phone|telefono/i);
  });
});

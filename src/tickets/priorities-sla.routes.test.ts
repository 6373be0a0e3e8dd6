/**
 * Priorities, lanes and service levels through the HTTP API, on every database: the category's
 * default at filing, changing it (audited), the lanes of the queue and take-next, strict FIFO in
 * the highest lane, due times on the business calendar, the clock pausing while waiting, and the
 * admin calendar and targets with their 422s and the recomputation of open tickets.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { bearerToken } from '../../test/helpers/auth';
import { buildCategory, buildStaff, buildTicket, buildUser } from '../../test/helpers/factories';

/** A Lima wall-clock time (UTC−5) as an instant. */
const lima = (local: string) => Date.parse(`${local}-05:00`);
const iso = (local: string) => new Date(lima(local)).toISOString();

describeEachDialect('priorities and service levels (API)', (dialect) => {
  let t: TestApp;
  // Wednesday 2 December 2026, 09:00 in Lima: a working day (08:00–16:45), no holiday until the 8th.
  const clock = manualClock(lima('2026-12-02T09:00:00'));
  // Bearer tokens: the clock moves by days below, past a session's idle limit.
  let asRosa: { headers: Record<string, string> };
  let asAdmin: { headers: Record<string, string> };
  let rosa: { id: number; username: string; password: string };
  let highCategory: number;

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    const admin = await buildUser(t.database, { fullName: 'Ana Admin', role: 'admin' });
    asRosa = { headers: { authorization: `Bearer ${await bearerToken(t, rosa)}` } };
    asAdmin = { headers: { authorization: `Bearer ${await bearerToken(t, admin)}` } };
    highCategory = (await buildCategory(t.database, { name: 'SIAF' })).id;
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/categories/${highCategory}`, payload: { defaultPriority: 'high' }, headers: asAdmin.headers });
    expect([patched.statusCode, patched.json().defaultPriority]).toEqual([200, 'high']);
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = asRosa.headers) => t.app.inject({ method, url, payload, headers });
  const fileTicket = async (categoryId: number) => {
    const person = await buildStaff(t.database);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'El SIAF no abre en toda la oficina.' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().code as string;
  };
  const staffView = async (code: string) => (await call('GET', `/api/v1/staff/tickets/${code}`)).json();

  it('gives a filed ticket its category’s default priority and due times on the business calendar', async () => {
    const code = await fileTicket(highCategory);
    const view = await staffView(code);
    expect(view.priority).toBe('high');
    // High: first response in 60 business minutes, resolution in 525 (one business day: 09:00 Wed → 09:00 Thu).
    expect(view.sla).toEqual({ firstResponseDueAt: iso('2026-12-02T10:00:00'), resolutionDueAt: iso('2026-12-03T09:00:00'), firstResponseBreached: false, resolutionBreached: false, paused: false });
    const other = await buildCategory(t.database);
    expect((await staffView(await fileTicket(other.id))).priority).toBe('normal');
  });

  it('changes the priority with a note: audited in the timeline, due times recomputed, lane changed', async () => {
    const code = await fileTicket(highCategory);
    const res = await call('POST', `/api/v1/tickets/${code}/priority`, { priority: 'critical', note: 'Toda la oficina de finanzas sin SIAF.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().priority).toBe('critical');
    expect(res.json().sla).toMatchObject({ firstResponseDueAt: iso('2026-12-02T09:15:00'), resolutionDueAt: iso('2026-12-02T13:00:00') });
    expect(res.json().timeline.at(-1)).toMatchObject({
      type: 'priority_changed',
      actor: 'Rosa Quispe Mamani',
      note: 'Toda la oficina de finanzas sin SIAF.',
      fromPriority: 'high',
      toPriority: 'critical',
    });
    // The same priority again changes nothing and writes nothing.
    const again = await call('POST', `/api/v1/tickets/${code}/priority`, { priority: 'critical' });
    expect(again.json().timeline.filter((e: { type: string }) => e.type === 'priority_changed')).toHaveLength(1);
  });

  it('refuses an unknown priority (422 naming it), a closed ticket (409), an unknown code (404), and anonymous callers (401)', async () => {
    const code = await fileTicket(highCategory);
    const bad = await call('POST', `/api/v1/tickets/${code}/priority`, { priority: 'urgente' });
    expect([bad.statusCode, bad.json().error.code, Object.keys(bad.json().error.fields)]).toEqual([422, 'VALIDATION_FAILED', ['priority']]);
    // The message names every allowed priority, not only one member of the union.
    for (const p of ['low', 'normal', 'high', 'critical']) expect(bad.json().error.fields.priority).toContain(p);
    expect((await call('POST', `/api/v1/tickets/${code}/priority`, {})).statusCode).toBe(422);
    expect((await call('POST', `/api/v1/tickets/${code}/priority`, { priority: 'low', note: 'x'.repeat(5000) })).statusCode).toBe(422);
    expect((await call('POST', '/api/v1/tickets/TK-ZZZZZZZZ/priority', { priority: 'low' })).json().error.code).toBe('TICKET_NOT_FOUND');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/priority`, payload: { priority: 'low' } })).statusCode).toBe(401);
    const closed = await buildTicket(t.database, { status: 'resolved', assigneeId: rosa.id });
    const refused = await call('POST', `/api/v1/tickets/${closed.code}/priority`, { priority: 'critical' });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'PRIORITY_CLOSED_TICKET']);
    expect(refused.json().error.message).toContain('cerrado');
  });

  it('serves the queue and take-next critical first, then high, normal, low, oldest first in each lane', async () => {
    // Empty the queue of the earlier tests' tickets.
    while ((await call('POST', '/api/v1/queue/next')).statusCode === 200);
    const h = (n: number) => clock() - n * 3600_000;
    const low = await buildTicket(t.database, { at: h(9), priority: 'low' });
    const normalOld = await buildTicket(t.database, { at: h(8) });
    const normalNew = await buildTicket(t.database, { at: h(2) });
    const critical = await buildTicket(t.database, { at: h(1), priority: 'critical' });
    const high = await buildTicket(t.database, { at: h(3), priority: 'high' });
    const queue = (await call('GET', '/api/v1/queue?limit=2')).json();
    expect(queue.items.map((i: { code: string }) => i.code)).toEqual([critical.code, high.code]);
    const rest = (await call('GET', `/api/v1/queue?limit=5&cursor=${queue.nextCursor}`)).json();
    expect(rest.items.map((i: { code: string }) => i.code)).toEqual([normalOld.code, normalNew.code, low.code]);
    expect(rest.items.map((i: { priority: string }) => i.priority)).toEqual(['normal', 'normal', 'low']);
    // The tracking page's place in the queue follows the same order.
    expect((await t.app.inject({ url: `/api/v1/tickets/${low.code}` })).json().queuePosition).toBe(5);

    // Strict FIFO: only the oldest of the highest waiting lane may be taken.
    expect((await call('PUT', '/api/v1/admin/settings/queue', { strictFifo: true }, asAdmin.headers)).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/tickets/${normalOld.code}/assign`, {})).json().error.code).toBe('NOT_OLDEST');
    expect((await call('POST', '/api/v1/queue/next')).json().code).toBe(critical.code);
    expect((await call('POST', `/api/v1/tickets/${high.code}/assign`, {})).statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/admin/settings/queue', { strictFifo: false }, asAdmin.headers)).statusCode).toBe(200);
    // A priority raised while waiting moves the ticket to its lane, keeping its age inside it.
    await call('POST', `/api/v1/tickets/${low.code}/priority`, { priority: 'high' });
    expect((await call('POST', '/api/v1/queue/next')).json().code).toBe(low.code);
    expect((await call('POST', '/api/v1/queue/next')).json().code).toBe(normalOld.code);
  });

  it('filters the ticket list by priority, shows priority and SLA in it, and refuses an unknown one (400)', async () => {
    const crit = await fileTicket(highCategory);
    await call('POST', `/api/v1/tickets/${crit}/priority`, { priority: 'critical' });
    const list = (await call('GET', '/api/v1/tickets?priority=critical&status=registered')).json();
    expect(list.items.map((i: { code: string }) => i.code)).toContain(crit);
    expect(list.items.every((i: { priority: string }) => i.priority === 'critical')).toBe(true);
    expect(list.items.find((i: { code: string }) => i.code === crit).sla.firstResponseDueAt).toBe(new Date(clock() + 15 * 60_000).toISOString());
    const bad = await call('GET', '/api/v1/tickets?priority=urgent');
    expect([bad.statusCode, Object.keys(bad.json().error.fields)]).toEqual([400, ['priority']]);
  });

  it('gives every GET /tickets item the slaState and slaClock of the queue: ok, amber at 75 %, red past due, none once closed', async () => {
    const start = clock();
    try {
      await listStatesFollowTheClock();
    } finally {
      clock.set(start);
    }
  });

  async function listStatesFollowTheClock() {
    const start = clock();
    const fresh = await fileTicket(highCategory);
    await call('POST', `/api/v1/tickets/${fresh}/priority`, { priority: 'critical' }); // first response due in 15 business minutes
    const taken = await fileTicket(highCategory); // high: resolution due Thursday 09:00
    expect((await call('POST', `/api/v1/tickets/${taken}/assign`, {})).statusCode).toBe(200);
    const done = await fileTicket(highCategory);
    await call('POST', `/api/v1/tickets/${done}/assign`, {});
    expect((await call('POST', `/api/v1/tickets/${done}/transition`, { to: 'resolved', note: 'Reinstalado.' })).statusCode).toBe(200);
    const row = async (code: string) => {
      const res = await call('GET', `/api/v1/tickets?q=${code}`);
      expect(res.statusCode, res.body).toBe(200);
      const item = res.json().items.find((i: { code: string }) => i.code === code);
      return { slaClock: item.slaClock, slaState: item.slaState };
    };
    expect(await row(fresh)).toEqual({ slaClock: 'firstResponse', slaState: 'ok' });
    expect(await row(taken)).toEqual({ slaClock: 'resolution', slaState: 'ok' });
    expect(await row(done)).toEqual({ slaClock: 'resolution', slaState: 'none' });
    // 12 of 15 minutes gone: 3 left, under a quarter — amber, as the queue shows it.
    clock.set(start + 12 * 60_000);
    expect(await row(fresh)).toEqual({ slaClock: 'firstResponse', slaState: 'warning' });
    const queued = (await call('GET', '/api/v1/queue?limit=100')).json().items.find((i: { code: string }) => i.code === fresh);
    expect(queued.slaState).toBe('warning');
    clock.set(start + 16 * 60_000);
    expect(await row(fresh)).toEqual({ slaClock: 'firstResponse', slaState: 'breached' });
    // Thursday 07:00 (before opening): 2 business hours of the 525 left on the taken ticket — amber; 09:01 — red.
    clock.set(lima('2026-12-03T07:00:00'));
    expect(await row(taken)).toEqual({ slaClock: 'resolution', slaState: 'warning' });
    clock.set(lima('2026-12-03T09:01:00'));
    expect(await row(taken)).toEqual({ slaClock: 'resolution', slaState: 'breached' });
    expect(await row(done)).toEqual({ slaClock: 'resolution', slaState: 'none' });
  }

  it('stores the resolution time in business minutes and shows it beside the wall-clock one in the summary and the CSV', async () => {
    const start = clock();
    try {
      await businessResolutionTime();
    } finally {
      clock.set(start);
    }
  });

  async function businessResolutionTime() {
    const category = (await buildCategory(t.database, { name: 'Correo' })).id;
    const code = await fileTicket(category); // Wednesday 09:00
    expect((await call('POST', `/api/v1/tickets/${code}/assign`, {})).statusCode).toBe(200);
    // Thursday 10:00: 25 wall-clock hours, but 465 business minutes on Wednesday (09:00–16:45) and 120 on Thursday.
    clock.set(lima('2026-12-03T10:00:00'));
    expect((await call('POST', `/api/v1/tickets/${code}/transition`, { to: 'resolved', note: 'Buzón liberado.' })).statusCode).toBe(200);
    const summary = await call('GET', `/api/v1/metrics/summary?from=2026-12-02&to=2026-12-03&category=${category}`, undefined, asAdmin.headers);
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().tickets).toMatchObject({ resolved: 1, avgResolutionMinutes: 1500, avgResolutionBusinessMinutes: 585 });
    const csv = await call('GET', `/api/v1/reports/indicators.csv?from=2026-12-02&to=2026-12-03&category=${category}`, undefined, asAdmin.headers);
    expect(csv.statusCode, csv.body).toBe(200);
    const line = csv.body.split('\n').find((l) => l.includes('Tiempo medio de resolución en horario hábil'));
    expect(line).toContain('585');
  }

  it('stops the resolution clock while waiting for the requester, and shows breaches once due times pass', async () => {
    const start = clock();
    try {
      await waitsAndResumes();
    } finally {
      clock.set(start);
    }
  });

  async function waitsAndResumes() {
    const code = await fileTicket(highCategory); // resolution due Thursday 09:00
    expect((await call('POST', `/api/v1/tickets/${code}/assign`, {})).statusCode).toBe(200);
    clock.set(lima('2026-12-02T10:00:00'));
    const waiting = await call('POST', `/api/v1/tickets/${code}/transition`, { to: 'waiting', note: '¿Qué error le aparece?' });
    expect(waiting.statusCode, waiting.body).toBe(200);
    expect(waiting.json().sla).toMatchObject({ resolutionDueAt: null, paused: true, resolutionBreached: false });
    // Thursday 10:00: the requester answers a business day later; 465 minutes were left
    // (405 on Thursday until 16:45, 60 on Friday): due Friday 09:00 instead of Thursday 09:00.
    clock.set(lima('2026-12-03T10:00:00'));
    const resumed = await call('POST', `/api/v1/tickets/${code}/transition`, { to: 'in_progress' });
    expect(resumed.json().sla).toMatchObject({ resolutionDueAt: iso('2026-12-04T09:00:00'), paused: false, resolutionBreached: false });
    // Friday 11:00: two hours past the due time.
    clock.set(lima('2026-12-04T11:00:00'));
    expect((await staffView(code)).sla).toMatchObject({ resolutionBreached: true, firstResponseBreached: false });
  }

  it('GET|PUT /admin/calendar: Peru’s holidays preloaded; 422 naming each bad field; a change recomputes open tickets', async () => {
    const calendar = (await call('GET', '/api/v1/admin/calendar', undefined, asAdmin.headers)).json();
    expect(calendar.timeZone).toBe('America/Lima');
    expect(calendar.hours.mon).toEqual([['08:00', '16:45']]);
    expect(calendar.holidays.map((h: { date: string }) => h.date)).toEqual(expect.arrayContaining(['2026-06-07', '2026-07-23', '2026-12-09', '2027-03-25', '2027-03-26']));
    expect(calendar.holidays).toHaveLength(32);
    expect((await call('GET', '/api/v1/admin/calendar')).statusCode).toBe(403);

    const bad = await call(
      'PUT',
      '/api/v1/admin/calendar',
      {
        ...calendar,
        timeZone: 'Lima/Peru',
        hours: {
          mon: [
            ['08:00', '13:00'],
            ['12:30', '16:00'],
          ],
          tue: [['8', '16:00']],
        },
        holidays: [{ date: '2026-13-01', name: 'x' }],
      },
      asAdmin.headers,
    );
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['holidays.0.date', 'hours.mon.1', 'hours.tue.0', 'timeZone']);
    expect(bad.json().error.fields['hours.mon.1']).toContain('superpone');
    expect((await call('PUT', '/api/v1/admin/calendar', { timeZone: 'America/Lima', hours: { mon: [['08:00']] }, holidays: [] }, asAdmin.headers)).statusCode).toBe(422);

    const code = await fileTicket(highCategory); // due Thursday 09:00
    const withHoliday = {
      ...calendar,
      hours: {
        ...calendar.hours,
        mon: [
          ['08:00', '13:00'],
          ['14:00', '16:45'],
        ],
      },
      holidays: [...calendar.holidays, { date: '2026-12-03', name: 'Aniversario institucional' }],
    };
    const saved = await call('PUT', '/api/v1/admin/calendar', withHoliday, asAdmin.headers);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().recomputed).toBeGreaterThan(0);
    // Thursday is now a holiday: the remaining 60 minutes run on Friday.
    expect((await staffView(code)).sla.resolutionDueAt).toBe(iso('2026-12-04T09:00:00'));
    expect((await call('GET', '/api/v1/admin/calendar', undefined, asAdmin.headers)).json().holidays).toContainEqual({ date: '2026-12-03', name: 'Aniversario institucional' });
    expect((await call('PUT', '/api/v1/admin/calendar', calendar, asAdmin.headers)).statusCode).toBe(200);
  });

  it('GET|PUT /admin/sla: targets per priority and category; 422 for negative, fractional or disordered minutes, unknown priority or category', async () => {
    const current = (await call('GET', '/api/v1/admin/sla', undefined, asAdmin.headers)).json();
    expect(current.targets.map((x: { priority: string }) => x.priority)).toEqual(['critical', 'high', 'normal', 'low']);
    const put = (targets: object[]) => call('PUT', '/api/v1/admin/sla', { targets }, asAdmin.headers);
    const negative = await put([{ priority: 'high', firstResponseMinutes: -5, resolutionMinutes: 1.5 }]);
    expect([negative.statusCode, Object.keys(negative.json().error.fields).sort()]).toEqual([422, ['targets.0.firstResponseMinutes', 'targets.0.resolutionMinutes']]);
    expect(Object.keys((await put([{ priority: 'high', firstResponseMinutes: 600, resolutionMinutes: 60 }])).json().error.fields)).toEqual(['targets.0.firstResponseMinutes']);
    expect((await put([{ priority: 'urgent', firstResponseMinutes: 5, resolutionMinutes: 60 }])).statusCode).toBe(422);
    expect(Object.keys((await put([{ priority: 'high', categoryId: 999_999, firstResponseMinutes: 5, resolutionMinutes: 60 }])).json().error.fields)).toEqual(['targets.0.categoryId']);
    expect(
      Object.keys(
        (
          await put([
            { priority: 'low', firstResponseMinutes: 5, resolutionMinutes: 60 },
            { priority: 'low', firstResponseMinutes: 6, resolutionMinutes: 60 },
          ])
        ).json().error.fields,
      ),
    ).toEqual(['targets.1.priority']);
    expect((await call('PUT', '/api/v1/admin/sla', { targets: [] })).statusCode).toBe(403);

    // A category's own target wins over its priority's.
    const code = await fileTicket(highCategory);
    const saved = await put([...current.targets, { priority: 'high', categoryId: highCategory, firstResponseMinutes: 30, resolutionMinutes: 120 }]);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().recomputed).toBeGreaterThan(0);
    expect((await staffView(code)).sla).toMatchObject({ firstResponseDueAt: new Date(clock() + 30 * 60_000).toISOString(), resolutionDueAt: iso('2026-12-02T11:00:00') });
    expect((await put(current.targets)).statusCode).toBe(200);
  });
});

/**
 * Priorities and service levels on the staff pages, without JavaScript: the queue's lanes with
 * each ticket's priority and "vence en …" (red when breached, amber from 75 %), the ticket page's
 * priority form (redirect, audited) and its due times (paused while waiting).
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../../../test/helpers/app';
import { loginAs, type LoggedInHeaders } from '../../../../test/helpers/auth';
import { buildCategory, buildStaff, buildTicket, buildUser } from '../../../../test/helpers/factories';

/** A Lima wall-clock time (UTC−5) as an instant. */
const lima = (local: string) => Date.parse(`${local}-05:00`);

describeEachDialect('priorities and service levels (staff pages)', (dialect) => {
  let t: TestApp;
  // Wednesday 2 December 2026, 12:00 in Lima: a working day (08:00–16:45).
  const clock = manualClock(lima('2026-12-02T12:00:00'));
  let asRosa: LoggedInHeaders;
  let rosaId: number;

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    const rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    asRosa = await loginAs(t, rosa);
    rosaId = rosa.id;
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    clock.set(lima('2026-12-02T12:00:00'));
    await t.database.db.updateTable('tickets').set({ status: 'cancelled' }).where('status', 'in', ['registered', 'in_progress', 'waiting']).execute();
  });

  const page = (url: string) => t.app.inject({ url, headers: { cookie: asRosa.cookie, accept: 'text/html' } });
  const form = (url: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: asRosa.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: asRosa.csrfToken, ...fields }).toString(),
    });
  /** The queue's row of a ticket (its <tr> … </tr>). */
  const row = (body: string, code: string) => {
    const start = body.indexOf(`<tr data-code="${code}"`);
    expect(start, code).toBeGreaterThan(-1);
    return body.slice(start, body.indexOf('</tr>', start));
  };

  it('lists the queue by lane with each priority and its first-response due time coloured by urgency', async () => {
    // Normal, filed 09:00, 240 min target: at 12:00 three quarters are gone → amber.
    const normal = await buildTicket(t.database, { at: lima('2026-12-02T09:00:00'), priority: 'normal', firstResponseDueAt: lima('2026-12-02T13:00:00') });
    // Critical, filed 11:00, 15 min target: 45 min late → red.
    const critical = await buildTicket(t.database, { at: lima('2026-12-02T11:00:00'), priority: 'critical', firstResponseDueAt: lima('2026-12-02T11:15:00') });
    // Low, filed 11:50, 525 min (a business day): 10 min gone → plain.
    const low = await buildTicket(t.database, { at: lima('2026-12-02T11:50:00'), priority: 'low', firstResponseDueAt: lima('2026-12-03T11:50:00') });
    const res = await page('/staff/queue');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('por carril de prioridad');
    expect(res.body).not.toContain('el más antiguo primero. «Tomar siguiente» le asigna el más antiguo');
    const order = [critical.code, normal.code, low.code].map((c) => res.body.indexOf(`<tr data-code="${c}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(row(res.body, critical.code)).toContain('Crítica');
    expect(row(res.body, critical.code)).toMatch(/class="sla-due sla-breached"[^>]*>vencido hace 45 min</);
    expect(row(res.body, normal.code)).toMatch(/class="sla-due sla-warning"[^>]*>vence en 1 h 0 min</);
    expect(row(res.body, low.code)).toMatch(/class="sla-due"[^>]*>vence en 23 h 50 min</);
    expect(row(res.body, low.code)).toContain('Baja');
    const english = await page('/staff/queue?lang=en');
    expect(english.body).toContain('by priority lane');
    expect(row(english.body, normal.code)).toContain('due in 1 h 0 min');
    expect(row(english.body, critical.code)).toContain('Critical');
  });

  const listRow = (body: string, code: string) => {
    const start = body.indexOf(`href="/staff/tickets/${code}"`);
    expect(start, code).toBeGreaterThan(-1);
    return body.slice(start, body.indexOf('</tr>', start));
  };

  it('shows each ticket’s priority and running due time in the ticket list, filtered by priority', async () => {
    const critical = await buildTicket(t.database, { at: lima('2026-12-02T11:00:00'), priority: 'critical', firstResponseDueAt: lima('2026-12-02T11:15:00') });
    const low = await buildTicket(t.database, { at: lima('2026-12-02T11:50:00'), priority: 'low', firstResponseDueAt: lima('2026-12-03T11:50:00') });
    const all = (await page('/staff/tickets?status=registered')).body;
    expect(listRow(all, critical.code)).toContain('priority-critical');
    expect(listRow(all, critical.code)).toMatch(/class="sla-due sla-breached"[^>]*>vencido hace 45 min</);
    expect(listRow(all, low.code)).toMatch(/class="sla-due"[^>]*>vence en 23 h 50 min</);
    const onlyCritical = await page('/staff/tickets?status=registered&priority=critical');
    expect(onlyCritical.body).toContain(critical.code);
    expect(onlyCritical.body).not.toContain(low.code);
    expect(onlyCritical.body).toMatch(/<option value="critical" selected/);
    const bad = await page('/staff/tickets?priority=urgente');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('critical');
  });

  it('colours the ticket list like the queue: amber from 75 % of the target, red once due, on either clock', async () => {
    // Normal, filed 09:00, first response within 240 min: at 12:00 60 min are left (≤ 25 %) → amber.
    const nearFirst = await buildTicket(t.database, { at: lima('2026-12-02T09:00:00'), priority: 'normal', firstResponseDueAt: lima('2026-12-02T13:00:00') });
    // Normal, taken: resolution within 1,575 min, 240 min left at 12:00 (≤ 393.75) → amber.
    const nearResolution = await buildTicket(t.database, {
      at: lima('2026-11-27T09:00:00'),
      status: 'in_progress',
      priority: 'normal',
      firstResponseDueAt: lima('2026-11-27T13:00:00'),
      resolutionDueAt: lima('2026-12-02T16:00:00'),
    });
    // High, taken: resolution (525 min) due at 11:00 → red.
    const lateResolution = await buildTicket(t.database, {
      at: lima('2026-12-01T11:00:00'),
      status: 'in_progress',
      priority: 'high',
      firstResponseDueAt: lima('2026-12-01T12:00:00'),
      resolutionDueAt: lima('2026-12-02T11:00:00'),
    });
    // Low, filed 11:50, a business day to answer → plain.
    const plain = await buildTicket(t.database, { at: lima('2026-12-02T11:50:00'), priority: 'low', firstResponseDueAt: lima('2026-12-03T11:50:00') });
    const res = await page('/staff/tickets?status=registered,in_progress');
    expect(res.statusCode).toBe(200);
    expect(listRow(res.body, nearFirst.code)).toMatch(/class="sla-due sla-warning"[^>]*data-state="warning"[^>]*>vence en 1 h 0 min</);
    expect(listRow(res.body, nearResolution.code)).toMatch(/class="sla-due sla-warning"[^>]*>Resolución: vence en 4 h 0 min</);
    expect(listRow(res.body, lateResolution.code)).toMatch(/class="sla-due sla-breached"[^>]*>Resolución: vencido hace 1 h 0 min</);
    expect(listRow(res.body, plain.code)).toMatch(/class="sla-due"[^>]*data-state="ok"[^>]*>vence en 23 h 50 min</);
    // An hour later the first one is due: red.
    clock.set(lima('2026-12-02T13:01:00'));
    const later = await page('/staff/tickets?status=registered');
    expect(listRow(later.body, nearFirst.code)).toMatch(/class="sla-due sla-breached"[^>]*>vencido hace 1 min</);
    expect(listRow(later.body, plain.code)).toMatch(/class="sla-due"[^>]*>vence en 22 h 49 min</);
  });

  it('shows the technician’s own tickets in Mis tickets with their priority and resolution due time, amber and red', async () => {
    const near = await buildTicket(t.database, { at: lima('2026-11-27T09:00:00'), status: 'in_progress', assigneeId: rosaId, priority: 'normal', resolutionDueAt: lima('2026-12-02T16:00:00') });
    const late = await buildTicket(t.database, { at: lima('2026-12-01T11:00:00'), status: 'in_progress', assigneeId: rosaId, priority: 'high', resolutionDueAt: lima('2026-12-02T11:00:00') });
    const res = await page('/staff/mine');
    expect(res.statusCode).toBe(200);
    expect(listRow(res.body, near.code)).toContain('priority-normal');
    expect(listRow(res.body, near.code)).toMatch(/class="sla-due sla-warning"[^>]*>Resolución: vence en 4 h 0 min</);
    expect(listRow(res.body, late.code)).toContain('Alta');
    expect(listRow(res.body, late.code)).toMatch(/class="sla-due sla-breached"[^>]*>Resolución: vencido hace 1 h 0 min</);
  });

  it('the API queue carries the same urgency for the live page', async () => {
    const normal = await buildTicket(t.database, { at: lima('2026-12-02T09:00:00'), priority: 'normal', firstResponseDueAt: lima('2026-12-02T13:00:00') });
    const res = await t.app.inject({ url: '/api/v1/queue', headers: { cookie: asRosa.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    const item = res.json().items.find((i: { code: string }) => i.code === normal.code);
    expect([item.priority, item.slaState]).toEqual(['normal', 'warning']);
    clock.set(lima('2026-12-02T13:01:00'));
    const later = (await t.app.inject({ url: '/api/v1/queue', headers: { cookie: asRosa.cookie } })).json();
    expect(later.items.find((i: { code: string }) => i.code === normal.code).slaState).toBe('breached');
  });

  it('changes the priority from the ticket page: redirect, timeline, new lane and due times', async () => {
    const person = await buildStaff(t.database);
    const category = await buildCategory(t.database);
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: category.id, description: 'El SIAF no abre en toda la oficina.' } });
    expect(filed.statusCode, filed.body).toBe(201);
    const code = filed.json().code as string;
    const older = await buildTicket(t.database, { at: lima('2026-12-02T08:30:00'), priority: 'normal', firstResponseDueAt: lima('2026-12-02T12:30:00') });

    const before = await page(`/staff/tickets/${code}`);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Plazos (SLA)');
    // Normal: first response within 240 business minutes of 12:00 → 16:00, "vence en 4 h 0 min".
    expect(before.body).toMatch(/id="sla-first-response"><time class="sla-due"[^>]*>vence en 4 h 0 min</);
    expect((await page('/staff/queue')).body.indexOf(older.code)).toBeLessThan((await page('/staff/queue')).body.indexOf(code));

    const bad = await form(`/staff/tickets/${code}/priority`, { priority: 'urgentísima', note: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Prioridad desconocida');

    const res = await form(`/staff/tickets/${code}/priority`, { priority: 'critical', note: 'Toda la oficina de finanzas sin SIAF.' });
    expect([res.statusCode, res.headers.location]).toEqual([303, `/staff/tickets/${code}?done=priority#prioridad`]);
    const after = await page(`/staff/tickets/${code}?done=priority`);
    expect(after.body).toContain('Prioridad cambiada.');
    expect(after.body).toContain('Prioridad: Normal → Crítica');
    expect(after.body).toContain('Toda la oficina de finanzas sin SIAF.');
    expect(after.body).toMatch(/id="ticket-priority"><span class="badge priority-badge priority-critical">Crítica</);
    // Critical: 15 business minutes from 12:00.
    expect(after.body).toMatch(/id="sla-first-response"><time class="sla-due"[^>]*>vence en 15 min</);
    const queue = (await page('/staff/queue')).body;
    expect(queue.indexOf(`<tr data-code="${code}"`)).toBeLessThan(queue.indexOf(`<tr data-code="${older.code}"`));
  });

  it('shows a released ticket that was already answered by its resolution due time, not a first-response one', async () => {
    // Normal, filed Wednesday 09:00: first response due 13:00 (240 min), resolution in three
    // business days (1,575 min) → Monday 7 December 09:00. Taken at 09:10, released at 09:30.
    clock.set(lima('2026-12-02T09:00:00'));
    const person = await buildStaff(t.database);
    const category = await buildCategory(t.database);
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: category.id, description: 'El escáner no envía a la carpeta.' } });
    const code = filed.json().code as string;
    clock.set(lima('2026-12-02T09:10:00'));
    expect((await form(`/staff/tickets/${code}/assign`, {})).statusCode).toBe(303);
    clock.set(lima('2026-12-02T09:30:00'));
    const released = await form(`/staff/tickets/${code}/transition`, { to: 'registered', note: 'No logrado: falta la clave del escáner.' });
    expect(released.statusCode, released.body).toBe(303);
    // 14:00: an hour past the first-response due time, which was met at 09:10.
    clock.set(lima('2026-12-02T14:00:00'));
    const queueRow = row((await page('/staff/queue')).body, code);
    expect(queueRow).not.toContain('vencido');
    expect(queueRow).toContain(`data-due="${lima('2026-12-07T09:00:00')}"`);
    expect(queueRow).toMatch(/class="sla-due"[^>]*>Resolución: vence en 4 d 19 h</);
    const item = (await t.app.inject({ url: '/api/v1/queue', headers: { cookie: asRosa.cookie } })).json().items.find((i: { code: string }) => i.code === code);
    expect(item.sla.firstResponseBreached).toBe(false);
    expect([item.slaClock, item.slaState]).toEqual(['resolution', 'ok']);
    const ticketPage = (await page(`/staff/tickets/${code}`)).body;
    expect(ticketPage).toMatch(/id="sla-first-response"><span class="sla-due">cumplido</);
  });

  it('colours the ticket page’s due times as the queue does: amber from 75 % of the target, red once due', async () => {
    clock.set(lima('2026-12-02T09:00:00'));
    const category = await buildCategory(t.database);
    const fileOne = async () => {
      const person = await buildStaff(t.database);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: category.id, description: 'No hay internet en la oficina.' } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().code as string;
    };
    const untouched = await fileOne(); // normal: first response due 13:00
    const critical = await fileOne();
    expect((await form(`/staff/tickets/${critical}/priority`, { priority: 'critical', note: '' })).statusCode).toBe(303);
    clock.set(lima('2026-12-02T09:05:00'));
    expect((await form(`/staff/tickets/${critical}/assign`, {})).statusCode).toBe(303); // resolution due 13:00 (240 min)
    // 12:10: 190 of 240 minutes gone on both clocks → amber.
    clock.set(lima('2026-12-02T12:10:00'));
    expect((await page(`/staff/tickets/${untouched}`)).body).toMatch(/id="sla-first-response"><time class="sla-due sla-warning"[^>]*>vence en 50 min</);
    const crit = (await page(`/staff/tickets/${critical}`)).body;
    expect(crit).toMatch(/id="sla-resolution"><time class="sla-due sla-warning"[^>]*>vence en 50 min</);
    expect(crit).toMatch(/id="sla-first-response"><span class="sla-due">cumplido</);
    // 11:00 is before three quarters: plain; 13:05 is past: red.
    clock.set(lima('2026-12-02T11:00:00'));
    expect((await page(`/staff/tickets/${untouched}`)).body).toMatch(/id="sla-first-response"><time class="sla-due"[^>]*>vence en 2 h 0 min</);
    clock.set(lima('2026-12-02T13:05:00'));
    expect((await page(`/staff/tickets/${critical}`)).body).toMatch(/id="sla-resolution"><time class="sla-due sla-breached"[^>]*>vencido hace 5 min</);
  });

  it('shows the resolution clock paused while the ticket waits for the requester, and met once answered', async () => {
    const person = await buildStaff(t.database);
    const category = await buildCategory(t.database);
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: category.id, description: 'No imprime la impresora del piso 2.' } });
    const code = filed.json().code as string;
    expect((await form(`/staff/tickets/${code}/assign`, {})).statusCode).toBe(303);
    const waiting = await form(`/staff/tickets/${code}/transition`, { to: 'waiting', note: '¿Qué modelo de impresora es?' });
    expect(waiting.statusCode, waiting.body).toBe(303);
    const body = (await page(`/staff/tickets/${code}`)).body;
    expect(body).toMatch(/id="sla-resolution"><span class="text-secondary">en pausa \(en espera del solicitante\)</);
    expect(body).toMatch(/id="sla-first-response"><span class="sla-due">cumplido</);
  });
});

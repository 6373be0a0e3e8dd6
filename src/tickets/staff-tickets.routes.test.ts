import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { bearerToken, signInStaff, type SignedInStaff } from '../../test/helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildTicket } from '../../test/helpers/factories';

describeEachDialect('staff ticket API', (dialect) => {
  let t: TestApp;
  let accounts: SignedInStaff;
  let rosaToken: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    accounts = await signInStaff(t);
    rosaToken = await bearerToken(t, accounts.rosa);
  });
  afterAll(() => t.close());

  /** Each test starts with an empty queue (earlier waiting tickets are set aside). */
  beforeEach(async () => {
    await t.database.db.updateTable('tickets').set({ status: 'cancelled' }).where('status', '=', 'registered').execute();
    await t.app.inject({ method: 'PUT', url: '/api/v1/admin/settings/queue', payload: { strictFifo: false }, headers: accounts.asAdmin.headers });
  });

  const hoursAgo = (h: number) => Date.now() - h * 3600_000;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  const post = (url: string, payload: object | undefined, headers: Record<string, string>) => t.app.inject({ method: 'POST', url, payload, headers });

  it('refuses every staff route to anonymous callers with 401', async () => {
    const ticket = await buildTicket(t.database);
    const calls: [string, string][] = [
      ['GET', '/api/v1/queue'],
      ['POST', '/api/v1/queue/next'],
      ['GET', '/api/v1/queue/events'],
      ['POST', `/api/v1/tickets/${ticket.code}/assign`],
      ['POST', `/api/v1/tickets/${ticket.code}/transition`],
      ['POST', `/api/v1/tickets/${ticket.code}/notes`],
      ['GET', '/api/v1/tickets'],
      ['GET', '/api/v1/tickets?status=registered'],
      ['GET', `/api/v1/staff/tickets/${ticket.code}`],
      ['GET', '/api/v1/admin/settings/queue'],
      ['PUT', '/api/v1/admin/settings/queue'],
    ];
    for (const [method, url] of calls) {
      const res = await t.app.inject({ method: method as 'GET', url, payload: method === 'GET' ? undefined : {} });
      expect([method, url, res.statusCode, res.json().error.code]).toEqual([method, url, 401, 'UNAUTHENTICATED']);
    }
    const row = await t.database.db.selectFrom('tickets').select('status').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('registered');
  });

  it('keeps GET /tickets/:code public (no DNI, no phone) even for staff; the staff view has everything', async () => {
    const person = await buildStaff(t.database, { firstName: 'María Elena', lastName: 'Huamán Quispe', phone: '987654321' });
    const ticket = await buildTicket(t.database, { staffId: person.id, officeId: person.officeId!, contactPhone: '912345678' });
    const pub = await get(`/api/v1/tickets/${ticket.code}`, accounts.asRosa.headers);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).not.toContain(person.dni);
    expect(pub.body).not.toContain('912345678');
    const staff = await get(`/api/v1/staff/tickets/${ticket.code.slice(3).toLowerCase()}`, accounts.asRosa.headers);
    expect(staff.statusCode).toBe(200);
    expect(staff.json()).toMatchObject({
      code: ticket.code,
      status: 'registered',
      requester: { fullName: 'María Elena Huamán Quispe', dni: person.dni, phone: '987654321' },
      contactPhone: '912345678',
      office: { id: person.officeId },
      category: { id: ticket.categoryId },
      assignee: null,
      queuePosition: 1,
      timeline: [{ type: 'created', from: null, to: 'registered', actor: null, channel: 'portal', note: null }],
      workLog: [],
    });
    expect((await get('/api/v1/staff/tickets/TK-ZZZZZZZZ', accounts.asRosa.headers)).json().error.code).toBe('TICKET_NOT_FOUND');
    expect((await get('/api/v1/staff/tickets/%3Cb%3E', accounts.asRosa.headers)).statusCode).toBe(400);
  });

  it('lists the queue oldest first with cursor pagination, and only waiting tickets', async () => {
    const aAt = hoursAgo(5);
    const a = await buildTicket(t.database, { at: aAt });
    const b = await buildTicket(t.database, { at: hoursAgo(4) });
    const c = await buildTicket(t.database, { at: hoursAgo(3) });
    await buildTicket(t.database, { at: hoursAgo(6), status: 'in_progress', assigneeId: accounts.luis.id });
    const first = await get('/api/v1/queue?limit=2', accounts.asRosa.headers);
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((i: { code: string }) => i.code)).toEqual([a.code, b.code]);
    expect(first.json().strictFifo).toBe(false);
    expect(first.json().waiting).toBe(3);
    expect(first.json().items[0]).toEqual({
      code: a.code,
      category: expect.any(String),
      office: expect.any(String),
      description: expect.any(String),
      priority: 'normal',
      sla: { firstResponseDueAt: null, resolutionDueAt: null, firstResponseBreached: false, resolutionBreached: false, paused: false },
      slaClock: 'firstResponse',
      slaState: 'none',
      queuedAt: new Date(aAt).toISOString(),
      createdAt: new Date(aAt).toISOString(),
    });
    const second = await get(`/api/v1/queue?limit=2&cursor=${first.json().nextCursor}`, { authorization: `Bearer ${rosaToken}` });
    expect(second.json().items.map((i: { code: string }) => i.code)).toEqual([c.code]);
    expect(second.json().nextCursor).toBeNull();
    expect((await get('/api/v1/queue?cursor=nope!', accounts.asRosa.headers)).statusCode).toBe(400);
    expect((await get('/api/v1/queue?limit=101', accounts.asRosa.headers)).statusCode).toBe(400);
  });

  it('takes the oldest waiting ticket with "take next" (200 with the ticket), then 204 when the queue is empty', async () => {
    const older = await buildTicket(t.database, { at: hoursAgo(2) });
    await buildTicket(t.database, { at: hoursAgo(1) });
    const res = await post('/api/v1/queue/next', undefined, accounts.asRosa.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: older.code, status: 'in_progress', assignee: { id: accounts.rosa.id, fullName: 'Rosa Quispe Mamani' }, queuePosition: null });
    expect(res.json().timeline.at(-1)).toMatchObject({ type: 'assigned', from: 'registered', to: 'in_progress', actor: 'Rosa Quispe Mamani', channel: 'web' });
    expect((await post('/api/v1/queue/next', undefined, { authorization: `Bearer ${rosaToken}` })).statusCode).toBe(200);
    const empty = await post('/api/v1/queue/next', undefined, accounts.asRosa.headers);
    expect(empty.statusCode).toBe(204);
    expect(empty.body).toBe('');
  });

  it('refuses a cookie-authenticated change without the CSRF token', async () => {
    await buildTicket(t.database);
    const res = await post('/api/v1/queue/next', undefined, { cookie: accounts.asRosa.cookie });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_INVALID');
  });

  it('assigns a chosen ticket to oneself, and answers 409 naming who has it to the next one', async () => {
    const ticket = await buildTicket(t.database);
    const mine = await post(`/api/v1/tickets/${ticket.code}/assign`, {}, accounts.asRosa.headers);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().assignee).toEqual({ id: accounts.rosa.id, fullName: 'Rosa Quispe Mamani' });
    const taken = await post(`/api/v1/tickets/${ticket.code}/assign`, undefined, accounts.asLuis.headers);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toEqual({ code: 'TICKET_TAKEN', message: 'Rosa Quispe Mamani ya tomó este ticket.' });
    const english = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.code}/assign`, headers: { ...accounts.asLuis.headers, 'accept-language': 'en' } });
    expect(english.json().error.message).toBe('Rosa Quispe Mamani already took this ticket.');
    // Pressing again on one's own ticket is harmless.
    expect((await post(`/api/v1/tickets/${ticket.code}/assign`, {}, accounts.asRosa.headers)).statusCode).toBe(200);
  });

  it('lets only an admin assign to someone else (technician → 403), and checks the assignee', async () => {
    const ticket = await buildTicket(t.database);
    const refused = await post(`/api/v1/tickets/${ticket.code}/assign`, { userId: accounts.luis.id }, accounts.asRosa.headers);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    const unknown = await post(`/api/v1/tickets/${ticket.code}/assign`, { userId: 999999 }, accounts.asAdmin.headers);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.fields).toHaveProperty('userId');
    const extra = await post(`/api/v1/tickets/${ticket.code}/assign`, { userId: accounts.luis.id, priority: 1 }, accounts.asAdmin.headers);
    expect(extra.statusCode).toBe(422);
    const ok = await post(`/api/v1/tickets/${ticket.code}/assign`, { userId: accounts.luis.id }, accounts.asAdmin.headers);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().assignee.id).toBe(accounts.luis.id);
    expect(ok.json().timeline.at(-1)).toMatchObject({ type: 'assigned', actor: 'Ana Torres Vega' });
    expect((await post('/api/v1/tickets/TK-ZZZZZZZZ/assign', {}, accounts.asRosa.headers)).statusCode).toBe(404);
  });

  it('resolves with a note (200), and refuses without a note (422), from a wrong state (409) or by someone else (403)', async () => {
    const ticket = await buildTicket(t.database);
    const url = `/api/v1/tickets/${ticket.code}/transition`;
    const early = await post(url, { to: 'resolved', note: 'Antes de tomarlo' }, accounts.asRosa.headers);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('INVALID_TRANSITION');
    await post(`/api/v1/tickets/${ticket.code}/assign`, {}, accounts.asRosa.headers);
    const noNote = await post(url, { to: 'resolved' }, accounts.asRosa.headers);
    expect(noNote.statusCode).toBe(422);
    expect(noNote.json().error.code).toBe('NOTE_REQUIRED');
    expect(noNote.json().error.fields).toHaveProperty('note');
    expect((await post(url, { to: 'resolved', note: '   ' }, accounts.asRosa.headers)).json().error.code).toBe('NOTE_REQUIRED');
    expect((await post(url, { to: 'closed', note: 'x' }, accounts.asRosa.headers)).statusCode).toBe(422);
    // in_progress only resumes a waiting ticket: from in_progress it is a wrong state.
    expect((await post(url, { to: 'in_progress', note: 'x' }, accounts.asRosa.headers)).json().error.code).toBe('INVALID_TRANSITION');
    const stranger = await post(url, { to: 'resolved', note: 'No es mío' }, accounts.asLuis.headers);
    expect(stranger.statusCode).toBe(403);
    const done = await post(url, { to: 'resolved', note: 'Se reinstaló el controlador de la impresora.' }, accounts.asRosa.headers);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String), closedAt: expect.any(String) });
    expect(done.json().timeline.at(-1)).toMatchObject({ type: 'resolved', actor: 'Rosa Quispe Mamani', channel: 'web', note: 'Se reinstaló el controlador de la impresora.' });
    const again = await post(url, { to: 'cancelled', note: 'Ya no' }, accounts.asRosa.headers);
    expect(again.statusCode).toBe(409);
    // The requester sees it resolved, with the closing note.
    const pub = (await get(`/api/v1/tickets/${ticket.code}`)).json();
    expect(pub.status).toBe('resolved');
    expect(pub.timeline.map((e: { status: string }) => e.status)).toEqual(['registered', 'in_progress', 'resolved']);
  });

  it('cancels with a note through a bearer token, recorded as the API channel', async () => {
    const ticket = await buildTicket(t.database);
    await post(`/api/v1/tickets/${ticket.code}/assign`, {}, accounts.asRosa.headers);
    const res = await post(`/api/v1/tickets/${ticket.code}/transition`, { to: 'cancelled', note: 'Duplicado.' }, { authorization: `Bearer ${rosaToken}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().timeline.at(-1)).toMatchObject({ type: 'cancelled', channel: 'api', actor: 'Rosa Quispe Mamani' });
  });

  it('releases a ticket ("no logrado") back to its original place in the queue', async () => {
    const firstAt = hoursAgo(3);
    const first = await buildTicket(t.database, { at: firstAt });
    const second = await buildTicket(t.database, { at: hoursAgo(2) });
    await post(`/api/v1/tickets/${first.code}/assign`, {}, accounts.asRosa.headers);
    expect((await get('/api/v1/queue', accounts.asRosa.headers)).json().items.map((i: { code: string }) => i.code)).toEqual([second.code]);
    const noNote = await post(`/api/v1/tickets/${first.code}/transition`, { to: 'registered' }, accounts.asRosa.headers);
    expect(noNote.statusCode).toBe(422);
    const released = await post(`/api/v1/tickets/${first.code}/transition`, { to: 'registered', note: 'Falta un repuesto.' }, accounts.asRosa.headers);
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({ status: 'registered', assignee: null, queuePosition: 1, queuedAt: new Date(firstAt).toISOString() });
    expect((await get('/api/v1/queue', accounts.asRosa.headers)).json().items.map((i: { code: string }) => i.code)).toEqual([first.code, second.code]);
    expect((await post('/api/v1/queue/next', undefined, accounts.asLuis.headers)).json().code).toBe(first.code);
  });

  it('with strict FIFO (admins only), refuses taking any waiting ticket but the oldest', async () => {
    const older = await buildTicket(t.database, { at: hoursAgo(2) });
    const newer = await buildTicket(t.database, { at: hoursAgo(1) });
    const byTech = await t.app.inject({ method: 'PUT', url: '/api/v1/admin/settings/queue', payload: { strictFifo: true }, headers: accounts.asRosa.headers });
    expect(byTech.statusCode).toBe(403);
    const set = await t.app.inject({ method: 'PUT', url: '/api/v1/admin/settings/queue', payload: { strictFifo: true }, headers: accounts.asAdmin.headers });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ strictFifo: true });
    expect((await get('/api/v1/admin/settings/queue', accounts.asAdmin.headers)).json()).toEqual({ strictFifo: true });
    expect((await get('/api/v1/queue', accounts.asRosa.headers)).json().strictFifo).toBe(true);
    const refused = await post(`/api/v1/tickets/${newer.code}/assign`, {}, accounts.asRosa.headers);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('NOT_OLDEST');
    expect(refused.json().error.message).toMatch(/más antiguo/);
    expect((await post(`/api/v1/tickets/${older.code}/assign`, {}, accounts.asRosa.headers)).statusCode).toBe(200);
    expect((await post(`/api/v1/tickets/${newer.code}/assign`, {}, accounts.asLuis.headers)).statusCode).toBe(200);
  });

  it('adds work-log notes (201) with who and through which channel; a blank note is refused', async () => {
    const ticket = await buildTicket(t.database);
    const res = await post(`/api/v1/tickets/${ticket.code}/notes`, { text: 'Llamé al anexo 214; vuelvo a las 3.' }, accounts.asLuis.headers);
    expect(res.statusCode).toBe(201);
    expect(res.json().workLog).toEqual([
      {
        type: 'note',
        from: null,
        to: null,
        actor: 'Luis Condori Apaza',
        channel: 'web',
        note: 'Llamé al anexo 214; vuelvo a las 3.',
        at: expect.any(String),
        fromPriority: null,
        toPriority: null,
        attachments: [],
      },
    ]);
    expect(res.json().firstActionAt).not.toBeNull();
    const viaApi = await post(`/api/v1/tickets/${ticket.code}/notes`, { text: 'Desde la API' }, { authorization: `Bearer ${rosaToken}` });
    expect(viaApi.json().workLog.at(-1)).toMatchObject({ actor: 'Rosa Quispe Mamani', channel: 'api' });
    expect((await post(`/api/v1/tickets/${ticket.code}/notes`, { text: '  ' }, accounts.asLuis.headers)).statusCode).toBe(422);
    expect((await post(`/api/v1/tickets/${ticket.code}/notes`, {}, accounts.asLuis.headers)).json().error.fields).toHaveProperty('text');
  });

  it('finds tickets by status, dates, office, category, assignee and text, newest first, page by page', async () => {
    const office = await buildOffice(t.database, { name: 'Subgerencia de Logística' });
    const category = await buildCategory(t.database, { name: 'Correo institucional' });
    const person = await buildStaff(t.database, { officeId: office.id });
    const day = (iso: string) => Date.parse(iso);
    const mk = (at: string, description: string, extra: object = {}) =>
      buildTicket(t.database, { staffId: person.id, officeId: office.id, categoryId: category.id, at: day(at), description, ...extra });
    // 2026-03-02 04:30Z is still March 1st in Lima (UTC−5).
    const m1 = await mk('2026-03-02T04:30:00Z', 'Outlook pide la contraseña a cada rato');
    const m2 = await mk('2026-03-02T15:00:00Z', 'No llegan correos externos');
    const m3 = await mk('2026-03-03T15:00:00Z', 'Buzón lleno, OUTLOOK no envía', { status: 'in_progress', assigneeId: accounts.rosa.id });
    const other = await buildTicket(t.database, { at: day('2026-03-02T16:00:00Z'), description: 'Outlook en otra oficina' });

    const codes = async (qs: string) => {
      const res = await get(`/api/v1/tickets?${qs}`, accounts.asRosa.headers);
      expect(res.statusCode).toBe(200);
      return res.json().items.map((i: { code: string }) => i.code);
    };
    expect(await codes(`office=${office.id}`)).toEqual([m3.code, m2.code, m1.code]);
    expect(await codes(`category=${category.id}&status=in_progress`)).toEqual([m3.code]);
    expect(await codes(`office=${office.id}&status=registered,in_progress`)).toEqual([m3.code, m2.code, m1.code]);
    expect(await codes(`office=${office.id}&from=2026-03-02&to=2026-03-02`)).toEqual([m2.code]);
    expect(await codes(`office=${office.id}&from=2026-03-01&to=2026-03-01`)).toEqual([m1.code]);
    expect(await codes(`office=${office.id}&from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z`)).toEqual([m2.code, m1.code]);
    expect(await codes(`q=outlook&from=2026-03-01&to=2026-03-03`)).toEqual([m3.code, other.code, m1.code]);
    expect(await codes(`q=${m2.code.slice(3, 9).toLowerCase()}`)).toEqual([m2.code]);
    expect(await codes(`q=${person.dni}`)).toEqual([m3.code, m2.code, m1.code]);
    expect(await codes(`assignee=me&office=${office.id}`)).toEqual([m3.code]);
    expect(await codes(`q=${encodeURIComponent('100%_')}`)).toEqual([]);

    const page1 = (await get(`/api/v1/tickets?office=${office.id}&limit=2`, accounts.asRosa.headers)).json();
    expect(page1.items.map((i: { code: string }) => i.code)).toEqual([m3.code, m2.code]);
    expect(page1.items[0]).toMatchObject({ status: 'in_progress', assignee: 'Rosa Quispe Mamani', office: 'Subgerencia de Logística', category: 'Correo institucional' });
    const page2 = (await get(`/api/v1/tickets?office=${office.id}&limit=2&cursor=${page1.nextCursor}`, accounts.asRosa.headers)).json();
    expect(page2.items.map((i: { code: string }) => i.code)).toEqual([m1.code]);
    expect(page2.nextCursor).toBeNull();

    for (const bad of ['status=open', 'from=2026-13-45', 'to=ayer', 'office=abc', 'cursor=xyz', 'limit=0', 'colour=red']) {
      const res = await get(`/api/v1/tickets?${bad}`, accounts.asRosa.headers);
      expect([bad, res.statusCode]).toEqual([bad, 400]);
    }
  });

  it('streams a queue event when a ticket arrives, and app.close() ends the stream', async () => {
    const live = await startTestApp(dialect, { database: t.database });
    await live.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = live.app.server.address() as AddressInfo;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/queue/events', headers: { cookie: accounts.asRosa.cookie, accept: 'text/event-stream' } }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    let received = '';
    const gotEvent = new Promise<void>((resolve) => {
      res.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        if (received.includes('event: queue')) resolve();
      });
    });
    const ended = new Promise<void>((resolve) => res.on('end', resolve));
    const category = await buildCategory(t.database);
    const person = await buildStaff(t.database);
    const filed = await live.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: category.id, description: 'El proyector de la sala no enciende.' } });
    expect(filed.statusCode).toBe(201);
    await gotEvent;
    expect(received).toContain('data: {"reason":"created"}');
    expect(received).not.toContain(person.dni);
    await live.app.close();
    await ended;
  });

  it('tells a queue page on another app instance about a ticket taken here (by polling the shared database)', async () => {
    await buildTicket(t.database);
    const other = await startTestApp(dialect, { database: t.database });
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = other.app.server.address() as AddressInfo;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/queue/events', headers: { cookie: accounts.asRosa.cookie } }, resolve);
      req.on('error', reject);
      req.end();
    });
    let received = '';
    const gotEvent = new Promise<void>((resolve) => {
      res.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        if (received.includes('event: queue')) resolve();
      });
    });
    // Let the other instance read the queue once before the change.
    await new Promise((r) => setTimeout(r, 300));
    expect((await post('/api/v1/queue/next', undefined, accounts.asLuis.headers)).statusCode).toBe(200);
    await gotEvent;
    expect(received).toContain('data: {"reason":"changed"}');
    await other.app.close();
  }, 15_000);
});

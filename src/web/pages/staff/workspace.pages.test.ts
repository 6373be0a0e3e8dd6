import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../../../test/helpers/app';
import { signInStaff, type LoggedInHeaders, type SignedInStaff } from '../../../../test/helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildTicket } from '../../../../test/helpers/factories';

describeEachDialect('workspace pages', (dialect) => {
  let t: TestApp;
  let accounts: SignedInStaff;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    accounts = await signInStaff(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.database.db.updateTable('tickets').set({ status: 'cancelled' }).where('status', '=', 'registered').execute();
    await t.database.db.deleteFrom('settings').where('key', '=', 'queue.strictFifo').execute();
  });

  const page = (url: string, who: LoggedInHeaders) => t.app.inject({ url, headers: { cookie: who.cookie, accept: 'text/html' } });
  const form = (url: string, who: LoggedInHeaders, fields: Record<string, string>, withCsrf = true) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...(withCsrf ? { _csrf: who.csrfToken } : {}), ...fields }).toString(),
    });
  const hoursAgo = (h: number) => Date.now() - h * 3600_000;

  it('sends anonymous visitors of every workspace page to the login page', async () => {
    for (const url of ['/staff/queue', '/staff/mine', '/staff/tickets', '/staff/tickets/TK-AAAAAAAA']) {
      const res = await t.app.inject({ url, headers: { accept: 'text/html' } });
      expect([url, res.statusCode, res.headers.location]).toEqual([url, 303, `/login?next=${encodeURIComponent(url)}`]);
    }
  });

  it('shows the queue oldest first with waiting times, "Tomar siguiente" and CSRF-protected forms', async () => {
    const older = await buildTicket(t.database, { at: hoursAgo(26) });
    const newer = await buildTicket(t.database, { at: hoursAgo(2) - 5 * 60_000 });
    const res = await page('/staff/queue', accounts.asRosa);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Cola de espera');
    expect(res.body).toContain('2 tickets en espera.');
    expect(res.body).toContain('Tomar siguiente');
    expect(res.body.indexOf(older.code)).toBeLessThan(res.body.indexOf(newer.code));
    expect(res.body).toContain('1 d 2 h');
    expect(res.body).toContain('2 h 5 min');
    expect(res.body).toContain(`name="_csrf" value="${accounts.asRosa.csrfToken}"`);
    expect(res.body).toContain('queue.js');
    expect(res.body).not.toContain('Configuración de la cola');
    expect((await page('/staff/queue', accounts.asAdmin)).body).toContain('Configuración de la cola');
    const english = await page('/staff/queue?lang=en', accounts.asRosa);
    expect(english.body).toContain('Take next');
  });

  it('takes the next ticket without JavaScript and lands on it; an empty queue says so', async () => {
    const ticket = await buildTicket(t.database);
    const res = await form('/staff/queue/next', accounts.asRosa, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/staff/tickets/${ticket.code}?done=taken`);
    const detail = await page(res.headers.location as string, accounts.asRosa);
    expect(detail.body).toContain('El ticket es suyo');
    expect(detail.body).toContain('Cerrar o devolver a la cola');
    const empty = await form('/staff/queue/next', accounts.asRosa, {});
    expect(empty.headers.location).toBe('/staff/queue?done=empty');
    expect((await page('/staff/queue?done=empty', accounts.asRosa)).body).toContain('No hay tickets en espera para tomar.');
  });

  it('refuses a form without its CSRF token', async () => {
    await buildTicket(t.database);
    const res = await form('/staff/queue/next', accounts.asRosa, {}, false);
    expect(res.statusCode).toBe(403);
  });

  it('tells who has a ticket when taking it from the queue fails (409), on the queue page itself', async () => {
    const ticket = await buildTicket(t.database);
    expect((await form(`/staff/tickets/${ticket.code}/assign`, accounts.asLuis, { from: 'queue' })).statusCode).toBe(303);
    const res = await form(`/staff/tickets/${ticket.code}/assign`, accounts.asRosa, { from: 'queue' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Luis Condori Apaza ya tomó este ticket.');
    expect(res.body).toContain('Cola de espera');
  });

  it('with strict FIFO (set by an admin’s form) offers "Tomar" on the oldest ticket only', async () => {
    const a = await buildTicket(t.database, { at: hoursAgo(3) });
    const b = await buildTicket(t.database, { at: hoursAgo(2) });
    expect((await form('/staff/admin/queue-settings', accounts.asRosa, { strictFifo: '1' })).statusCode).toBe(403);
    const saved = await form('/staff/admin/queue-settings', accounts.asAdmin, { strictFifo: '1' });
    expect(saved.headers.location).toBe('/staff/queue?done=settings');
    const res = await page('/staff/queue', accounts.asRosa);
    expect(res.body).toContain('FIFO estricto');
    expect(res.body).toContain(`Tomar el ticket ${a.code}`);
    expect(res.body).not.toContain(`Tomar el ticket ${b.code}`);
    const refused = await form(`/staff/tickets/${b.code}/assign`, accounts.asRosa, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('más antiguo');
    expect((await form('/staff/admin/queue-settings', accounts.asAdmin, {})).statusCode).toBe(303);
    expect((await page('/staff/queue', accounts.asRosa)).body).toContain(`Tomar el ticket ${b.code}`);
  });

  it('shows staff everything about a ticket: requester, DNI, phones, office, escaped description, history', async () => {
    const office = await buildOffice(t.database, { name: 'Oficina de Tesorería' });
    const person = await buildStaff(t.database, { firstName: 'María Elena', lastName: 'Huamán Quispe', phone: '987654321', officeId: office.id });
    const category = await buildCategory(t.database, { name: 'Impresoras y escáneres' });
    const ticket = await buildTicket(t.database, {
      staffId: person.id,
      officeId: office.id,
      categoryId: category.id,
      contactPhone: '912345678',
      description: 'La impresora <script>alert(1)</script> no imprime',
    });
    await form(`/staff/tickets/${ticket.code}/assign`, accounts.asRosa, {});
    const res = await page(`/staff/tickets/${ticket.code}`, accounts.asLuis);
    expect(res.statusCode).toBe(200);
    for (const text of [
      'María Elena Huamán Quispe',
      person.dni,
      '987654321',
      '912345678',
      'Oficina de Tesorería',
      'Impresoras y escáneres',
      'Lo está atendiendo Rosa Quispe Mamani.',
      'Tomado (en atención)',
      'Rosa Quispe Mamani · web',
      'Solicitante · portal',
    ]) {
      expect([text, res.body.includes(text)]).toEqual([text, true]);
    }
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script>alert(1)&lt;/script>');
    // Only the assignee (or an admin) gets the close/release form.
    expect(res.body).not.toContain('id="change-form"');
    expect((await page(`/staff/tickets/${ticket.code}`, accounts.asRosa)).body).toContain('id="change-form"');
    expect((await page('/staff/tickets/TK-ZZZZZZZZ', accounts.asRosa)).statusCode).toBe(404);
  });

  it('adds a note, refuses a close without a note (keeping the choice), then resolves with one', async () => {
    const ticket = await buildTicket(t.database);
    await form(`/staff/tickets/${ticket.code}/assign`, accounts.asRosa, {});
    const note = await form(`/staff/tickets/${ticket.code}/notes`, accounts.asRosa, { text: 'Revisé el cable: está bien.' });
    expect(note.statusCode).toBe(303);
    expect(note.headers.location).toBe(`/staff/tickets/${ticket.code}?done=note#worklog`);
    const blankNote = await form(`/staff/tickets/${ticket.code}/notes`, accounts.asRosa, { text: '  ' });
    expect(blankNote.statusCode).toBe(422);
    const refused = await form(`/staff/tickets/${ticket.code}/transition`, accounts.asRosa, { to: 'cancelled', note: '' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Escriba una nota');
    expect(refused.body).toMatch(/id="to-cancelled" value="cancelled" checked/);
    const done = await form(`/staff/tickets/${ticket.code}/transition`, accounts.asRosa, { to: 'resolved', note: 'Se cambió el tóner.' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/staff/tickets/${ticket.code}?done=resolved`);
    const detail = (await page(done.headers.location as string, accounts.asRosa)).body;
    expect(detail).toContain('Ticket resuelto.');
    expect(detail).toContain('Revisé el cable: está bien.');
    expect(detail).toContain('Se cambió el tóner.');
    expect(detail).toContain('Este ticket está cerrado.');
    const again = await form(`/staff/tickets/${ticket.code}/transition`, accounts.asRosa, { to: 'registered', note: 'Reabrir' });
    expect(again.statusCode).toBe(409);
  });

  it('releases a ticket ("no logrado") from the page, back to its place in the queue', async () => {
    const first = await buildTicket(t.database, { at: hoursAgo(3) });
    const second = await buildTicket(t.database, { at: hoursAgo(2) });
    await form(`/staff/tickets/${first.code}/assign`, accounts.asRosa, {});
    const res = await form(`/staff/tickets/${first.code}/transition`, accounts.asRosa, { to: 'registered', note: 'Necesita un repuesto.' });
    expect(res.headers.location).toBe(`/staff/tickets/${first.code}?done=registered`);
    const queue = (await page('/staff/queue', accounts.asLuis)).body;
    expect(queue.indexOf(first.code)).toBeGreaterThan(0);
    expect(queue.indexOf(first.code)).toBeLessThan(queue.indexOf(second.code));
  });

  it('lets an admin hand a waiting ticket to a technician from the page', async () => {
    const ticket = await buildTicket(t.database);
    const detail = await page(`/staff/tickets/${ticket.code}`, accounts.asAdmin);
    expect(detail.body).toContain('Asignar a');
    const res = await form(`/staff/tickets/${ticket.code}/assign`, accounts.asAdmin, { userId: String(accounts.luis.id) });
    expect(res.headers.location).toBe(`/staff/tickets/${ticket.code}?done=assigned`);
    expect((await page('/staff/mine', accounts.asLuis)).body).toContain(ticket.code);
    const byTech = await form(`/staff/tickets/${(await buildTicket(t.database)).code}/assign`, accounts.asRosa, { userId: String(accounts.luis.id) });
    expect(byTech.statusCode).toBe(403);
  });

  it('lists my open tickets only — waiting ones too — saying whose turn it is', async () => {
    const mine = await buildTicket(t.database, { status: 'in_progress', assigneeId: accounts.rosa.id });
    const asked = await buildTicket(t.database, { status: 'in_progress', assigneeId: accounts.rosa.id });
    await t.database.db.updateTable('tickets').set({ status: 'waiting', waiting_since: Date.now() }).where('id', '=', asked.id).execute();
    const closed = await buildTicket(t.database, { status: 'resolved', assigneeId: accounts.rosa.id });
    const others = await buildTicket(t.database, { status: 'in_progress', assigneeId: accounts.luis.id });
    const res = await page('/staff/mine', accounts.asRosa);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(mine.code);
    expect(res.body).toContain(asked.code);
    const row = (code: string) => res.body.slice(res.body.indexOf(code), res.body.indexOf('</tr>', res.body.indexOf(code)));
    expect(row(mine.code)).toContain('Le toca a usted');
    expect(row(asked.code)).toContain('Esperando al solicitante');
    expect(row(asked.code)).not.toContain('Le toca a usted');
    expect(res.body).not.toContain(closed.code);
    expect(res.body).not.toContain(others.code);
  });

  it('filters all tickets and pages with "Siguiente"; a bad date is explained', async () => {
    const office = await buildOffice(t.database, { name: 'Oficina de Patrimonio' });
    const codes: string[] = [];
    for (let i = 0; i < 55; i++) codes.push((await buildTicket(t.database, { officeId: office.id, at: hoursAgo(100 - i), description: `Equipo número ${i} no enciende` })).code);
    const first = await page(`/staff/tickets?office=${office.id}&q=enciende`, accounts.asRosa);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain(codes[54]!);
    expect(first.body).not.toContain(codes[4]!);
    const next = /href="(\/staff\/tickets\?[^"]*cursor=[^"]+)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const second = await page(next!, accounts.asRosa);
    for (const code of codes.slice(0, 5)) expect(second.body).toContain(code);
    expect(second.body).not.toContain(codes[54]!);
    expect(second.body).toContain('Primera página');
    const bad = await page('/staff/tickets?from=ayer', accounts.asRosa);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Escriba la fecha como día/mes/año (dd/mm/aaaa)');
    expect(bad.body).toContain('value="ayer"');
    // The form's day-first dates and the links' YYYY-MM-DD filter alike.
    const dayFirst = await page('/staff/tickets?from=1%2F1%2F2000&to=31%2F12%2F2099', accounts.asRosa);
    expect(dayFirst.statusCode).toBe(200);
    expect(dayFirst.body).toContain(codes[54]!);
    expect(dayFirst.body).toContain('value="01/01/2000"');
    expect(dayFirst.body).toContain('placeholder="dd/mm/aaaa"');
    const before = await page('/staff/tickets?to=31%2F12%2F2000', accounts.asRosa);
    expect(before.body).not.toContain(codes[54]!);
    const none = await page('/staff/tickets?q=zzzzzzzzz', accounts.asRosa);
    expect(none.body).toContain('Ningún ticket coincide');
  });
});

/**
 * Major incidents through the HTTP API, on every database: declaring with tickets takes them out of
 * the queue and take-next, unlinking puts a child back at its original place, resolving resolves
 * every child with the note (each through the outbox), and the 4xx answers for bad input.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { bearerToken } from '../../test/helpers/auth';
import { buildCategory, buildStaff, buildUser } from '../../test/helpers/factories';

describeEachDialect('major incidents (API)', (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let categoryId: number;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    headers = { authorization: `Bearer ${await bearerToken(t, rosa)}` };
    categoryId = (await buildCategory(t.database, { name: 'Internet y red' })).id;
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, h: Record<string, string> = headers) => t.app.inject({ method, url, payload, headers: h });
  const fileTicket = async () => {
    const person = await buildStaff(t.database);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'No hay internet en toda la oficina.' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().code as string;
  };
  const queueCodes = async () => {
    const res = await call('GET', '/api/v1/queue');
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { code: string }[]).map((i) => i.code);
  };

  it('declares an incident: its tickets leave the queue and take-next; unlinking puts one back at its place', async () => {
    const [a, b, c, d] = [await fileTicket(), await fileTicket(), await fileTicket(), await fileTicket()];
    const res = await call('POST', '/api/v1/incidents', { title: 'Caída de internet', publicMessage: 'Estamos restableciendo el enlace.', categoryId, ticketCodes: [a, b, c] });
    expect(res.statusCode, res.body).toBe(201);
    const incident = res.json();
    expect(incident).toMatchObject({ title: 'Caída de internet', status: 'open', categoryId, ticketCount: 3 });
    let queue = await queueCodes();
    for (const code of [a, b, c]) expect(queue).not.toContain(code);
    expect(queue).toContain(d);

    // The public list shows the message and no ticket codes.
    const open = await t.app.inject({ method: 'GET', url: '/api/v1/incidents?status=open' });
    expect(open.statusCode).toBe(200);
    expect(open.json().map((i: { id: number }) => i.id)).toContain(incident.id);
    for (const code of [a, b, c]) expect(open.body).not.toContain(code);

    // Take-next never serves a child: the oldest non-child (d or an older one) comes instead.
    const next = await call('POST', '/api/v1/queue/next');
    expect([200, 201]).toContain(next.statusCode);
    expect([a, b, c]).not.toContain(next.json().code);

    const unlinked = await call('DELETE', `/api/v1/incidents/${incident.id}/tickets/${b}`);
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(unlinked.json().ticketCount).toBe(2);
    queue = await queueCodes();
    expect(queue).toContain(b);
    expect(queue).not.toContain(a);
    // Back at its original place: before every ticket filed after it.
    if (queue.includes(d)) expect(queue.indexOf(b)).toBeLessThan(queue.indexOf(d));
    // Resolved, so that the next tests' tickets of this category do not join it at filing.
    expect((await call('POST', `/api/v1/incidents/${incident.id}/resolve`, { note: 'Enlace restablecido.' })).statusCode).toBe(200);
  });

  it('resolves every child with the note, once; resolving twice is 409', async () => {
    const [a, b] = [await fileTicket(), await fileTicket()];
    const incident = (await call('POST', '/api/v1/incidents', { title: 'SIAF caído', publicMessage: 'El SIAF no responde; ya trabajamos en ello.', ticketCodes: [a, b] })).json();
    const res = await call('POST', `/api/v1/incidents/${incident.id}/resolve`, { note: 'Se reinició el servidor del SIAF.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'resolved', resolvedTickets: 2 });
    for (const code of [a, b]) {
      const view = (await call('GET', `/api/v1/staff/tickets/${code}`)).json();
      expect(view.status).toBe('resolved');
    }
    const jobs = await t.database.db.selectFrom('jobs').select(['payload']).where('type', '=', 'ticket.status_changed').execute();
    const ids = (await t.database.db.selectFrom('tickets').select('id').where('code', 'in', [a, b]).execute()).map((r) => r.id);
    for (const id of ids) expect(jobs.filter((j) => JSON.parse(String(j.payload)).ticketId === id && JSON.parse(String(j.payload)).to === 'resolved')).toHaveLength(1);

    const again = await call('POST', `/api/v1/incidents/${incident.id}/resolve`, { note: 'Otra vez.' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'INCIDENT_CLOSED']);
    expect(again.json().error.message).toMatch(/ya está resuelto/);
  });

  it('refuses unknown codes, tickets linked elsewhere and unknown incidents with clear 4xx', async () => {
    const a = await fileTicket();
    const first = (await call('POST', '/api/v1/incidents', { title: 'Uno', publicMessage: 'Mensaje', ticketCodes: [a] })).json();
    const unknown = await call('POST', '/api/v1/incidents', { title: 'Dos', publicMessage: 'Mensaje', ticketCodes: ['TK-ZZZZZZZZ'] });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([422, 'INCIDENT_TICKET_UNKNOWN']);
    expect(unknown.json().error.message).toContain('TK-ZZZZZZZZ');
    const second = (await call('POST', '/api/v1/incidents', { title: 'Dos', publicMessage: 'Mensaje' })).json();
    const linked = await call('POST', `/api/v1/incidents/${second.id}/tickets`, { codes: [a] });
    expect([linked.statusCode, linked.json().error.code]).toEqual([422, 'INCIDENT_TICKET_LINKED']);
    expect(linked.json().error.message).toContain(a);
    expect((await call('POST', `/api/v1/incidents/${first.id}/tickets`, { codes: [a] })).statusCode).toBe(200);
    const missing = await call('POST', '/api/v1/incidents/999999/resolve', { note: 'x' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'INCIDENT_NOT_FOUND']);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: { title: 'x', publicMessage: 'y' } });
    expect(anonymous.statusCode).toBe(401);
    const badBody = await call('POST', '/api/v1/incidents', { title: '', publicMessage: 'y' });
    expect(badBody.statusCode).toBe(422);
    // An empty text is a missing field, said so (not "al menos 1 caracteres").
    expect(badBody.json().error.fields.title).toBe('Este campo es obligatorio.');
  });
});

/**
 * Filing while a major incident is open (issue 19, the requester's side), on every database: a
 * ticket of the incident's category from an affected office (or any office, when the incident has
 * no office list) joins it at once — the 201 answer says so, the ticket is out of the queue, the
 * timeline records `incident_joined` (the "filings deflected" marker) — and the confirmation page
 * says it, in the page's language, after the no-JavaScript form too. "Sumarme" joins the chosen one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { bearerToken } from '../../test/helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../../test/helpers/factories';

describeEachDialect('major incidents at filing', (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let network: number;
  let printers: number;
  let central: number;
  let branch: number;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    headers = { authorization: `Bearer ${await bearerToken(t, rosa)}` };
    network = (await buildCategory(t.database, { name: 'Internet y red' })).id;
    printers = (await buildCategory(t.database, { name: 'Impresoras' })).id;
    central = (await buildOffice(t.database, { name: 'Sede Central' })).id;
    branch = (await buildOffice(t.database, { name: 'Agencia Norte' })).id;
  });
  afterAll(() => t.close());

  const declare = async (body: object) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: body, headers });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; title: string; publicMessage: string };
  };
  const file = async (officeId: number, categoryId: number, extra: object = {}) => {
    const person = await buildStaff(t.database, { officeId });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'No hay internet en mi computadora.', ...extra } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { code: string; incident?: { id: number; title: string; publicMessage: string } | null };
  };
  const queueCodes = async () => ((await t.app.inject({ url: '/api/v1/queue', headers })).json().items as { code: string }[]).map((i) => i.code);
  const joinedEvents = async (code: string) =>
    t.database.db
      .selectFrom('ticket_events')
      .innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
      .select(['ticket_events.type', 'ticket_events.incident_id', 'ticket_events.actor_user_id'])
      .where('tickets.code', '=', code)
      .where('ticket_events.type', '=', 'incident_joined')
      .execute();

  it('joins an open incident of its category and office at once; other offices and categories file as usual', async () => {
    const incident = await declare({
      title: 'Caída del enlace de Sede Central',
      publicMessage: 'El enlace con Sede Central está caído; el proveedor ya fue llamado.',
      categoryId: network,
      officeIds: [central],
    });
    const joined = await file(central, network);
    expect(joined.incident).toEqual({ id: incident.id, title: 'Caída del enlace de Sede Central', publicMessage: 'El enlace con Sede Central está caído; el proveedor ya fue llamado.' });
    const otherOffice = await file(branch, network);
    const otherCategory = await file(central, printers);
    expect(otherOffice.incident).toBeNull();
    expect(otherCategory.incident).toBeNull();

    const queue = await queueCodes();
    expect(queue).not.toContain(joined.code);
    expect(queue).toEqual(expect.arrayContaining([otherOffice.code, otherCategory.code]));
    expect(await joinedEvents(joined.code)).toEqual([{ type: 'incident_joined', incident_id: incident.id, actor_user_id: null }]);
    expect(await joinedEvents(otherOffice.code)).toEqual([]);

    const staffView = (await t.app.inject({ url: `/api/v1/incidents?status=open` })).json() as { id: number; ticketCount: number }[];
    expect(staffView.find((i) => i.id === incident.id)?.ticketCount).toBe(1);

    // The tracking answer shows the incident instead of a queue place.
    const tracked = (await t.app.inject({ url: `/api/v1/tickets/${joined.code}` })).json();
    expect(tracked.queuePosition).toBeNull();
    expect(tracked.incident).toMatchObject({ title: 'Caída del enlace de Sede Central', status: 'open', updates: [] });
  });

  it('an incident with no office list takes every office; a resolved one takes none', async () => {
    const everywhere = await declare({ title: 'Impresoras sin servidor de impresión', publicMessage: 'El servidor de impresión se reinicia.', categoryId: printers });
    expect((await file(branch, printers)).incident?.id).toBe(everywhere.id);
    const resolved = await t.app.inject({ method: 'POST', url: `/api/v1/incidents/${everywhere.id}/resolve`, payload: { note: 'Servidor de impresión restablecido.' }, headers });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect((await file(branch, printers)).incident).toBeNull();
  });

  it('"Sumarme" joins the chosen open incident; a retry with the same key answers the same, once', async () => {
    const chosen = await declare({ title: 'SIAF no responde', publicMessage: 'El SIAF no responde desde las 9:40.', categoryId: printers, officeIds: [branch] });
    const person = await buildStaff(t.database, { officeId: central });
    const payload = { dni: person.dni, categoryId: printers, description: 'Me afecta el incidente «SIAF no responde».', incidentId: chosen.id };
    const send = () => t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload, headers: { 'idempotency-key': `sumarme-${dialect}` } });
    const [first, again] = [await send(), await send()];
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().incident.id).toBe(chosen.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await joinedEvents(first.json().code)).toHaveLength(1);
  });

  it('the no-JavaScript form lands on a confirmation that says it joined, in the page language', async () => {
    await declare({ title: 'Sin internet en Agencia Norte', publicMessage: 'Cortaron la fibra frente a la agencia; ya se repara.', categoryId: network, officeIds: [branch] });
    const person = await buildStaff(t.database, { officeId: branch });
    const form = new URLSearchParams({ dni: person.dni, categoryId: String(network), description: 'No carga ninguna página web.', idempotencyKey: `form-${dialect}` });
    const posted = await t.app.inject({ method: 'POST', url: '/tickets', payload: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });
    expect(posted.statusCode, posted.body).toBe(303);
    const location = String(posted.headers.location);
    const es = await t.app.inject({ url: location, headers: { accept: 'text/html' } });
    expect(es.statusCode).toBe(200);
    expect(es.body).toContain('Su ticket se sumó a un incidente que ya estamos atendiendo');
    expect(es.body).toContain('Cortaron la fibra frente a la agencia; ya se repara.');
    const en = await t.app.inject({ url: `${location}?lang=en`, headers: { accept: 'text/html' } });
    expect(en.body).toContain('Your ticket joined an incident we are already working on');
    expect(en.body).not.toContain('Su ticket se sumó');

    // A ticket that joined nothing gets the usual confirmation.
    const plain = await file(central, printers);
    expect(plain.incident).toBeNull();
    const page = await t.app.inject({ url: `/t/${plain.code}/confirmacion`, headers: { accept: 'text/html' } });
    expect(page.body).not.toContain('joined-incident');
  });
});

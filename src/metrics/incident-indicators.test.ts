/**
 * Major-incident indicators (issue 19) in the summary, the dashboard and the monthly PDF, on every
 * database: the incidents declared in the period, those of them resolved, their mean duration, the
 * tickets they absorbed and the filings deflected (joined at once). Children stay ordinary tickets:
 * one resolved with its incident counts as resolved, timed from its own registration to the
 * incident's resolution — the same in the live figures, the daily rollups and the PDF.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { bearerToken, loginAs } from '../../test/helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../../test/helpers/factories';
import { pdfText } from '../../test/helpers/pdf';
import { resolveRange } from './range';
import { computeSummary } from './summary';

const lima = (local: string) => Date.parse(`${local}-05:00`);

describeEachDialect('major-incident indicators', (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  const manager = { username: 'gerente', password: 'clave-gerente-1' };
  let network: number;
  let printers: number;
  let central: number;
  let branch: number;
  const clock = manualClock(lima('2026-11-10T09:00:00'));

  const api = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url: `/api/v1${url}`, payload, headers });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const file = async (officeId: number, categoryId: number) => {
    const person = await buildStaff(t.database, { officeId });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'No hay internet en mi computadora.' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { code: string; incident: { id: number } | null };
  };
  const at = (local: string) => clock.set(lima(`2026-11-${local}`));

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    await buildUser(t.database, { ...manager, role: 'admin' });
    // An API token: the history spans days of the test clock, longer than a session lasts.
    headers = { authorization: `Bearer ${await bearerToken(t, manager)}` };
    network = (await buildCategory(t.database, { name: 'Internet y red' })).id;
    printers = (await buildCategory(t.database, { name: 'Impresoras' })).id;
    central = (await buildOffice(t.database, { name: 'Sede Central' })).id;
    branch = (await buildOffice(t.database, { name: 'Agencia Norte' })).id;

    // Incident A (network, Sede Central): two tickets linked by staff, one joined at filing, one
    // joined and then unlinked (back in the queue: counts for neither), resolved an hour later.
    at('10T09:00:00');
    const first = await file(central, network);
    at('10T09:05:00');
    const second = await file(central, network);
    at('10T09:10:00');
    const a = await api('POST', '/incidents', { title: 'Caída del enlace', publicMessage: 'El enlace está caído.', categoryId: network, officeIds: [central], ticketCodes: [first.code, second.code] });
    at('10T09:20:00');
    expect((await file(central, network)).incident?.id).toBe(a.id);
    at('10T09:25:00');
    const unlinked = await file(central, network);
    expect(unlinked.incident?.id).toBe(a.id);
    await api('DELETE', `/incidents/${a.id}/tickets/${unlinked.code}`);
    at('10T10:10:00');
    expect((await api('POST', `/incidents/${a.id}/resolve`, { note: 'Enlace restablecido por el proveedor.' })).resolvedTickets).toBe(3);

    // Incident B (printers, every office): still open, one filing from Agencia Norte joined it.
    at('12T11:00:00');
    const b = await api('POST', '/incidents', { title: 'Servidor de impresión caído', publicMessage: 'Se reinicia.', categoryId: printers });
    at('12T11:30:00');
    expect((await file(branch, printers)).incident?.id).toBe(b.id);
    at('20T10:00:00');
  });
  afterAll(() => t.close());

  const summary = async (query: string) => api('GET', `/metrics/summary?from=2026-11-01&to=2026-11-30${query}`);

  it('counts incidents declared, resolved, their duration, tickets absorbed and filings deflected', async () => {
    const s = await summary('');
    expect(s.incidents).toEqual({ declared: 2, resolved: 1, avgDurationMinutes: 60, ticketsAbsorbed: 4, filingsDeflected: 2 });
    // Children are tickets: the three resolved with incident A count as resolved, from their own
    // registration to the incident's resolution (70, 65 and 50 minutes); the unlinked one is waiting.
    expect(s.tickets).toMatchObject({ reported: 5, resolved: 3 });
    expect(s.tickets.avgResolutionMinutes).toBeCloseTo((70 + 65 + 50) / 3, 6);
    expect((await summary('&category=' + printers)).incidents).toEqual({ declared: 1, resolved: 0, avgDurationMinutes: null, ticketsAbsorbed: 1, filingsDeflected: 1 });
    // Agencia Norte: incident A lists only Sede Central; B lists no office, so it affects every one.
    expect((await summary('&office=' + branch)).incidents).toMatchObject({ declared: 1, ticketsAbsorbed: 1 });
    expect((await summary('&office=' + central)).incidents).toMatchObject({ declared: 2, resolved: 1, ticketsAbsorbed: 3, filingsDeflected: 1 });
    const december = await api('GET', '/metrics/summary?from=2026-12-01&to=2026-12-31');
    expect(december.incidents).toEqual({ declared: 0, resolved: 0, avgDurationMinutes: null, ticketsAbsorbed: 0, filingsDeflected: 0 });
  });

  it('the daily rollups give the same figures as the live tables, children included', async () => {
    const november = resolveRange({ from: '2026-11-01', to: '2026-11-30' }, 'America/Lima', clock());
    const rolled = await computeSummary(t.database.db, november);
    const live = await computeSummary(t.database.db, november, {}, { rollups: false });
    expect(rolled).toEqual(live);
    expect(rolled.tickets.resolved).toBe(3);
  });

  it('shows them on the dashboard and in the monthly PDF, with the counting rule', async () => {
    const session = (await loginAs(t, manager)).headers;
    const page = await t.app.inject({ url: '/staff/dashboards?from=2026-11-01&to=2026-11-30', headers: { ...session, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    const card = page.body.slice(page.body.indexOf('id="ind-incidents"'));
    expect(card).toMatch(/Incidentes mayores<\/h2>\s*<p[^>]*>2<\/p>/);
    expect(card).toContain('1 resueltos · duración media 1 h 0 min');
    expect(card).toContain('4 tickets absorbidos; 2 se sumaron al registrarse');

    clock.set(lima('2026-12-02T10:00:00'));
    const pdf = await t.app.inject({ url: '/api/v1/reports/monthly.pdf?month=2026-11', headers });
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, ' ');
    expect(text).toMatch(/Incidentes mayores declarados 2 1 resueltos a la fecha del informe/);
    expect(text).toMatch(/Duración media de un incidente mayor 1 h 0 min De la declaración a la resolución, sobre 1 incidentes resueltos/);
    expect(text).toMatch(/Tickets absorbidos por incidentes 4 2 se sumaron al registrarse/);
    expect(text).toContain('un hijo resuelto con su incidente cuenta como resuelto');
    // The PDF's ticket figures are the summary's: the children resolved with the incident are resolved.
    expect(text).toMatch(/Tasa de resolución de incidencias 60\.00 % 3 de 5 tickets/);
  });
});

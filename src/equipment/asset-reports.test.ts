import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';

describeEachDialect('equipment with the most incidents: the CSV report, the dashboard and the admin pages', (dialect) => {
  let t: TestApp;
  let admin: LoggedInHeaders;
  const clock = manualClock(Date.parse('2026-03-10T15:00:00Z'));
  let officeId: number;
  let dni: string;
  let categoryId: number;

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock, config: { ticketFloodMinutes: 0 } });
    admin = await loginAs(t, await buildUser(t.database, { role: 'admin' }));
    categoryId = (await buildCategory(t.database, { name: 'Impresoras' })).id;
    officeId = (await buildOffice(t.database, { name: 'Tesorería' })).id;
    dni = (await buildStaff(t.database, { officeId })).dni;
    for (const [code, description] of [
      ['810000000001', 'Impresora Epson L3150'],
      ['810000000002', 'PC Lenovo'],
      ['810000000003', '=HYPERLINK("x")'],
    ]) {
      await t.app.inject({ method: 'POST', url: '/api/v1/admin/assets', headers: admin.headers, payload: { code, description, officeId } });
    }
    const file = (assetCode: string, at: string) => {
      clock.set(Date.parse(at));
      return t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni, categoryId, description: 'El equipo vuelve a fallar.', assetCode } });
    };
    // In March: the printer three times, the PC once, the third asset twice; in February the PC five times.
    for (const at of ['2026-03-02T14:00:00Z', '2026-03-03T14:00:00Z', '2026-03-04T14:00:00Z']) await file('810000000001', at);
    await file('810000000002', '2026-03-05T14:00:00Z');
    for (const at of ['2026-03-06T14:00:00Z', '2026-03-07T14:00:00Z']) await file('810000000003', at);
    for (let d = 10; d < 15; d++) await file('810000000002', `2026-02-${d}T14:00:00Z`);
    clock.set(Date.parse('2026-03-10T15:00:00Z'));
  });
  afterAll(() => t.close());

  it('ranks the assets by tickets in the period, first the worst, as CSV', async () => {
    const res = await t.app.inject({ url: '/api/v1/reports/assets.csv?from=2026-03-01&to=2026-03-31', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toContain('equipos_2026-03-01_2026-03-31.csv');
    expect(res.body.charCodeAt(0)).toBe(0xfeff);
    const lines = res.body.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Puesto,Código patrimonial,Descripción,Oficina,Tickets,Resueltos,Abiertos,Último ticket,Desde,Hasta');
    expect(lines.slice(1)).toEqual([
      '1,810000000001,Impresora Epson L3150,Tesorería,3,0,3,2026-03-04,2026-03-01,2026-03-31',
      // A description that a spreadsheet would run as a formula is neutralized.
      `2,810000000003,"'=HYPERLINK(""x"")",Tesorería,2,0,2,2026-03-07,2026-03-01,2026-03-31`,
      '3,810000000002,PC Lenovo,Tesorería,1,0,1,2026-03-05,2026-03-01,2026-03-31',
    ]);
    const february = await t.app.inject({ url: '/api/v1/reports/assets.csv?from=2026-02-01&to=2026-02-28', headers: admin.headers });
    expect(february.body.slice(1).trim().split('\r\n').slice(1)).toEqual(['1,810000000002,PC Lenovo,Tesorería,5,0,5,2026-02-14,2026-02-01,2026-02-28']);
    expect((await t.app.inject({ url: '/api/v1/reports/assets.csv?from=nope', headers: admin.headers })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/reports/assets.csv' })).statusCode).toBe(401);
  });

  it('shows "Equipos con más incidencias" on the incidents dashboard, with the CSV link of the same period', async () => {
    const res = await t.app.inject({ url: '/staff/dashboards/incidents?from=2026-03-01&to=2026-03-31', headers: { ...admin.headers, accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Equipos con más incidencias');
    const table = /<table[^>]*id="by-asset-table"[\s\S]*?<\/table>/.exec(res.body)?.[0] ?? '';
    expect([...table.matchAll(/<th scope="row" class="fw-normal">(\d+)<\/th>/g)].map((m) => m[1])).toEqual(['810000000001', '810000000003', '810000000002']);
    expect(res.body).toContain('href="/api/v1/reports/assets.csv?from=2026-03-01&amp;to=2026-03-31"');
  });

  it('lets an admin register, find and edit equipment on the admin pages, and lists its tickets', async () => {
    const html = { ...admin.headers, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
    const form = (fields: Record<string, string>) => new URLSearchParams({ _csrf: admin.csrfToken, ...fields }).toString();
    const refused = await t.app.inject({ method: 'POST', url: '/staff/admin/assets', headers: html, payload: form({ code: '81-00', description: '', officeId: '' }) });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/id="code"[^>]*value="81-00"/);
    const created = await t.app.inject({
      method: 'POST',
      url: '/staff/admin/assets',
      headers: html,
      payload: form({ code: '8100 0000 0009', description: 'Escáner Fujitsu', officeId: String(officeId), custodianDni: dni }),
    });
    expect(created.statusCode).toBe(303);
    const list = await t.app.inject({ url: '/staff/admin/assets?q=fujitsu', headers: { ...admin.headers, accept: 'text/html' } });
    expect(list.body).toContain('810000000009');
    expect(list.body).not.toContain('810000000001');
    expect(list.body).toContain('id="asset-import"');
    expect(list.body).toContain('action="/api/v1/admin/assets/labels.pdf"');
    const saved = await t.app.inject({
      method: 'POST',
      url: '/staff/admin/assets/810000000009',
      headers: html,
      payload: form({ description: 'Escáner Fujitsu fi-7160', officeId: String(officeId), custodianDni: '' }),
    });
    expect(saved.statusCode).toBe(303);
    const asset = (await t.app.inject({ url: '/api/v1/admin/assets/810000000009', headers: admin.headers })).json();
    expect(asset).toMatchObject({ description: 'Escáner Fujitsu fi-7160', custodianDni: null, active: false });
    const printer = await t.app.inject({ url: '/staff/admin/assets/810000000001', headers: { ...admin.headers, accept: 'text/html' } });
    expect(printer.body).toContain('Tickets de este equipo (3)');
    expect((await t.app.inject({ url: '/staff/admin/assets/123456789', headers: { ...admin.headers, accept: 'text/html' } })).statusCode).toBe(404);
  });
});

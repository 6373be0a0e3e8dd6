/**
 * Exports and the personal-data access log (issue 22), one test per export: the tickets CSV,
 * whose descriptions are the requester's own words and may carry a DNI or a phone, writes an
 * `export` entry when they do (and none when they do not); the indicators CSV, the equipment CSV,
 * the monthly PDF and the QR labels PDF carry no one's DNI or phone — checked in their bytes — and
 * write nothing.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildOffice, buildStaff, buildTicket, buildUser } from '../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';
import { pdfText } from '../../test/helpers/pdf';
import { personalFieldsInText } from './export-tally';

describeEachDialect('exports in the personal-data access log', (dialect) => {
  let t: TestApp;
  const clock = manualClock(Date.parse('2026-12-02T15:00:00Z'));
  let admin: LoggedInHeaders;
  let adminId: number;
  let person: { id: number; dni: string };
  let officeId: number;
  let typed: { id: number; code: string };
  let plain: { id: number; code: string };
  const range = 'from=2026-12-01&to=2026-12-31';

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    const a = await buildUser(t.database, { role: 'admin' });
    adminId = a.id;
    admin = await loginAs(t, a);
    officeId = (await buildOffice(t.database, { name: 'Abastecimiento' })).id;
    person = await buildStaff(t.database, { phone: '987654321', officeId });
    const asset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/assets',
      headers: admin.headers,
      payload: { code: '740899500077', description: 'Computadora de Abastecimiento', officeId, custodianDni: person.dni },
    });
    expect(asset.statusCode).toBe(201);
    const assetId = (await t.database.db.selectFrom('assets').select('id').where('code', '=', '740899500077').executeTakeFirstOrThrow()).id;
    typed = await buildTicket(t.database, {
      staffId: person.id,
      officeId,
      at: clock(),
      status: 'resolved',
      contactPhone: '912345678',
      description: `No imprime. Mi DNI es ${person.dni}, llámenme al 987 654 321.`,
    });
    plain = await buildTicket(t.database, { staffId: person.id, officeId, at: clock() + 1000, contactPhone: '912345678', description: 'La pantalla se queda en negro desde ayer.' });
    await t.database.db.updateTable('tickets').set({ asset_id: assetId }).where('id', 'in', [typed.id, plain.id]).execute();
    clock.advance(60_000);
  });
  afterAll(() => t.close());

  const exportRows = () => t.database.db.selectFrom('personal_data_access').selectAll().where('kind', '=', 'export').orderBy('id').execute();

  /** Neither the requester's DNI nor any of their phones, however spaced. */
  function expectNoPersonalData(text: string) {
    const digits = text.replace(/[\s.-]/g, '');
    expect(digits).not.toContain(person.dni);
    expect(digits).not.toContain('987654321');
    expect(digits).not.toContain('912345678');
  }

  it('records a tickets CSV whose descriptions carry a DNI or a phone: who, when, which fields, how many tickets — never the value', async () => {
    const res = await t.app.inject({ url: `/api/v1/reports/tickets.csv?${range}`, headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const records = parse(res.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.codigo)).toEqual([typed.code, plain.code]);
    expect(records[0]!.descripcion).toContain(person.dni);
    expect(res.rawPayload.toString('utf8')).not.toContain('912345678');
    const rows = await exportRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: adminId, kind: 'export', fields: 'dni,phone', ticket_id: typed.id, people: 1 });
    expect(Number(rows[0]!.at)).toBe(clock());
    expect(JSON.stringify(rows[0])).not.toContain(person.dni);
    // It shows on the admin's access log.
    const log = await t.app.inject({ url: '/api/v1/admin/access-log', headers: admin.headers });
    expect(log.json().items[0]).toMatchObject({ kind: 'export', fields: ['dni', 'phone'] });
  });

  it('writes nothing for a tickets CSV whose descriptions carry neither', async () => {
    const res = await t.app.inject({ url: `/api/v1/reports/tickets.csv?${range}&status=registered`, headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const records = parse(res.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.codigo)).toEqual([plain.code]);
    expectNoPersonalData(res.rawPayload.toString('utf8'));
    expect(await exportRows()).toHaveLength(1);
  });

  it('the indicators CSV carries no DNI or phone and writes nothing', async () => {
    const res = await t.app.inject({ url: `/api/v1/reports/indicators.csv?${range}`, headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expect(parse(res.rawPayload, { bom: true, columns: true }).length).toBeGreaterThan(5);
    expectNoPersonalData(res.rawPayload.toString('utf8'));
    expect(await exportRows()).toHaveLength(1);
  });

  it('the equipment CSV carries no custodian DNI and writes nothing', async () => {
    const res = await t.app.inject({ url: `/api/v1/reports/assets.csv?${range}`, headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.toString('utf8')).toContain('740899500077');
    expectNoPersonalData(res.rawPayload.toString('utf8'));
    expect(await exportRows()).toHaveLength(1);
  });

  it('the monthly PDF carries no DNI or phone and writes nothing', async () => {
    const res = await t.app.inject({ url: '/api/v1/reports/monthly.pdf?month=2026-12', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const text = pdfText(res.rawPayload);
    expect(text).toContain('Abastecimiento');
    expectNoPersonalData(text);
    expect(await exportRows()).toHaveLength(1);
  });

  it('the QR labels PDF carries no custodian DNI and writes nothing', async () => {
    const res = await t.app.inject({ url: `/api/v1/admin/assets/labels.pdf?office=${officeId}`, headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const text = pdfText(res.rawPayload);
    expect(text).toContain('7408 9950 0077');
    expectNoPersonalData(text);
    expect(await exportRows()).toHaveLength(1);
  });
});

it('tells a DNI and a phone in free text apart from what a technician needs', () => {
  expect(personalFieldsInText('Mi DNI es 45871236')).toEqual(['dni']);
  expect(personalFieldsInText('llámenme al 987 654 321')).toEqual(['phone']);
  expect(personalFieldsInText('La impresora 192.168.1.20 da el error 0x80070005 desde 2025')).toEqual([]);
  expect(personalFieldsInText('Solicitante anonimizado: [DNI] [TELÉFONO]')).toEqual([]);
  expect(personalFieldsInText('')).toEqual([]);
});

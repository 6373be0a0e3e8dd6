import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { loginAs } from '../../test/helpers/auth';
import { buildUser } from '../../test/helpers/factories';
import { pdfText } from '../../test/helpers/pdf';
import { APRIL_START, buildKnownHistory, type KnownHistory } from '../metrics/fixtures/known-history';

describeEachDialect('reports: CSV and the monthly PDF', (dialect) => {
  let t: TestApp;
  let history: KnownHistory;
  let headers: Record<string, string>;
  let requesterDni: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock: manualClock(APRIL_START + 9 * 86_400_000) });
    history = await buildKnownHistory(t.database);
    const manager = { username: 'gerente', password: 'clave-gerente-1' };
    await buildUser(t.database, { ...manager, role: 'admin' });
    headers = (await loginAs(t, manager)).headers;
    // A description a spreadsheet would run as a formula, and a phone in the ticket row.
    await t.database.db
      .updateTable('tickets')
      .set({ description: '=HYPERLINK("http://malo.example","clic") ñandú', contact_phone: '987654321' })
      .where('id', '=', history.marchTickets[0]!.id)
      .execute();
    // One resolved March ticket waited for its requester (1,051 × 30 min in all: 30 min on average
    // over the resolved tickets) and was reopened once; the resolution times stay as they were.
    const waited = history.marchTickets.find((x) => x.status === 'resolved')!;
    await t.database.db
      .updateTable('tickets')
      .set({ waiting_ms: 1051 * 30 * 60_000 })
      .where('id', '=', waited.id)
      .execute();
    await t.database.db
      .insertInto('ticket_events')
      .values({ ticket_id: waited.id, type: 'reopened', from_status: 'resolved', to_status: 'in_progress', actor_user_id: null, channel: 'portal', note: 'Sigue igual', at: APRIL_START })
      .execute();
    requesterDni = (await t.database.db.selectFrom('staff').select('dni').where('last_name', '=', 'Torres Vega').executeTakeFirstOrThrow()).dni;
  });
  afterAll(() => t.close());

  it('exports the filtered tickets as CSV that round-trips through a parser, with a BOM and no DNI or phone', async () => {
    const res = await t.app.inject({ url: '/api/v1/reports/tickets.csv?from=2026-03-01&to=2026-03-31', headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="tickets_2026-03-01_2026-03-31.csv"');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const records = parse(res.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(1058);
    expect(Object.keys(records[0]!)).toEqual([
      'codigo',
      'registrado',
      'estado',
      'prioridad',
      'categoria',
      'oficina',
      'canal',
      'tecnico',
      'primera_accion',
      'resuelto',
      'cerrado',
      'minutos_resolucion',
      'minutos_primera_accion',
      'calificacion',
      'descripcion',
    ]);
    const first = records[0]!;
    expect(first.registrado).toBe('2026-03-01 00:00');
    expect(first.estado).toBe('Resuelto');
    expect(first.prioridad).toBe('Normal');
    expect(first.minutos_resolucion).toBe('30');
    expect(first.minutos_primera_accion).toBe('4');
    expect(first.calificacion).toBe('5');
    expect(first.descripcion).toBe(`'=HYPERLINK("http://malo.example","clic") ñandú`);
    expect(records.filter((r) => r.estado === 'Resuelto')).toHaveLength(1051);
    const body = res.rawPayload.toString('utf8');
    expect(body).not.toContain(requesterDni);
    expect(body).not.toContain('987654321');
  });

  it('filters the CSV by office, category and status, and streams a large export in pages', async () => {
    const [officeA] = history.officeIds;
    const [printers] = history.categoryIds;
    const res = await t.app.inject({ url: `/api/v1/reports/tickets.csv?from=2026-03-01&to=2026-03-31&office=${officeA}&category=${printers}&status=resolved`, headers });
    const records = parse(res.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    const expected = history.marchTickets.filter((x) => x.officeId === officeA && x.categoryId === printers && x.status === 'resolved');
    expect(records).toHaveLength(expected.length);
    expect(new Set(records.map((r) => r.estado))).toEqual(new Set(['Resuelto']));
    const english = await t.app.inject({ url: '/api/v1/reports/tickets.csv?from=2026-04-01&to=2026-04-30&lang=en', headers });
    const april = parse(english.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    expect(april).toHaveLength(20);
    expect(april[0]!.status).toBe('Registered');
  });

  it('exports the indicators of a period as CSV with value, numerator and denominator', async () => {
    const res = await t.app.inject({ url: '/api/v1/reports/indicators.csv?from=2026-03-01&to=2026-03-31', headers });
    expect(res.statusCode).toBe(200);
    const rows = parse(res.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    const by = Object.fromEntries(rows.map((r) => [r.Indicador, r]));
    expect(by['Tasa de resolución de incidencias']).toMatchObject({ Valor: '99.34', unidad: '%', numerador: '1051', denominador: '1058', desde: '2026-03-01', hasta: '2026-03-31' });
    expect(by['Tasa de apertura de notificaciones']).toMatchObject({ Valor: '94.12', numerador: '4979', denominador: '5290' });
    expect(by['Tasa de interacción del asistente']).toMatchObject({ Valor: '85.48', numerador: '1166', denominador: '1364' });
    expect(by['Tiempo medio de resolución']).toMatchObject({ Valor: '119.91', unidad: 'min' });
    expect(by['Tiempo de respuesta del técnico']).toMatchObject({ Valor: '7.01', unidad: 'min' });
    expect(by['Usabilidad (satisfacción de usuarios)']).toMatchObject({ Valor: '88.6', numerador: '4.43', denominador: '5' });
    expect(by['Tiempo esperando al solicitante (promedio)']).toMatchObject({ Valor: '30', unidad: 'min', denominador: '1051' });
    expect(by['Tiempo de trabajo hasta la resolución (promedio)']).toMatchObject({ Valor: '89.91', unidad: 'min' });
    expect(by['Tickets reabiertos']).toMatchObject({ Valor: '1', denominador: '1058' });
  });

  it('prints a monthly PDF whose text holds the indicator table, the weeks and the top categories and offices', async () => {
    const res = await t.app.inject({ url: '/api/v1/reports/monthly.pdf?month=2026-03', headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(res.rawPayload);
    expect(text).toContain('Informe mensual: marzo de 2026');
    expect(text).toContain('Periodo: del 01/03/2026 al 31/03/2026');
    expect(text).toMatch(/Tasa de resolución de incidencias\s+99\.34 %\s+1,051 de 1,058 tickets/);
    expect(text).toMatch(/Tasa de apertura de notificaciones\s+94\.12 %/);
    expect(text).toMatch(/Tasa de interacción del asistente\s+85\.48 %/);
    expect(text).toMatch(/Tiempo medio de resolución\s+2 h 0 min/);
    expect(text).toMatch(/Tiempo esperando al solicitante \(promedio\)\s+30 min\s+Parte del tiempo de resolución/);
    expect(text).toMatch(/Tiempo de trabajo hasta la resolución\s+1 h 30 min/);
    expect(text).toMatch(/Tickets reabiertos\s+1\s+El solicitante indicó/);
    expect(text).toMatch(/Tiempo de respuesta del técnico\s+7 min/);
    expect(text).toMatch(/Usabilidad \(satisfacción de usuarios\)\s+88\.60 %/);
    expect(text).toContain('Evolución semanal');
    expect(text).toMatch(/02\/03\/2026 – 08\/03\/2026/);
    expect(text).toContain('KH Impresoras');
    expect(text).toContain('KH Gerencia de Obras');
    expect(text).toMatch(/Página 1 de \d/);
    // Without a month: the previous one (the clock is in April 2026).
    const lastMonth = await t.app.inject({ url: '/api/v1/reports/monthly.pdf', headers });
    expect(lastMonth.headers['content-disposition']).toBe('attachment; filename="informe_2026-03.pdf"');
  });

  it('answers 401 to anonymous callers, 403 to technicians and 400 to a malformed month', async () => {
    const tech = { username: 'analista', password: 'clave-analista-1' };
    await buildUser(t.database, { ...tech, role: 'technician' });
    const techHeaders = (await loginAs(t, tech)).headers;
    for (const url of ['/api/v1/reports/tickets.csv', '/api/v1/reports/indicators.csv', '/api/v1/reports/monthly.pdf']) {
      expect((await t.app.inject({ url })).statusCode, url).toBe(401);
      expect((await t.app.inject({ url, headers: techHeaders })).statusCode, url).toBe(403);
    }
    expect((await t.app.inject({ url: '/api/v1/reports/monthly.pdf?month=2026-13', headers })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/reports/tickets.csv?status=perdido', headers })).statusCode).toBe(400);
  });
});

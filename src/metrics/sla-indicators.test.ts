/**
 * SLA compliance in the summary, the indicators CSV and the monthly PDF, on every database: of the
 * tickets registered in the period with a target (not cancelled), how many met each clock and how
 * many missed it; a ticket still within its due time counts as neither.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { loginAs } from '../../test/helpers/auth';
import { buildTicket, buildUser } from '../../test/helpers/factories';
import { pdfText } from '../../test/helpers/pdf';

const lima = (local: string) => Date.parse(`${local}-05:00`);
const H = 3600_000;

describeEachDialect('SLA compliance indicators', (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  // 10 December 2026: November is over, so its PDF can be printed.
  const clock = manualClock(lima('2026-12-10T10:00:00'));

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    const manager = { username: 'gerente', password: 'clave-gerente-1' };
    await buildUser(t.database, { ...manager, role: 'admin' });
    headers = (await loginAs(t, manager)).headers;
    const at = lima('2026-11-10T09:00:00');
    const due = { firstResponseDueAt: at + 4 * H, resolutionDueAt: at + 24 * H };
    const set = async (id: number, values: { first_action_at?: number | null; resolved_at?: number | null; closed_at?: number | null; status?: 'resolved' | 'in_progress' | 'cancelled' }) =>
      t.database.db.updateTable('tickets').set(values).where('id', '=', id).execute();
    // 1: answered and resolved on time.
    const a = await buildTicket(t.database, { at, ...due, status: 'resolved' });
    await set(a.id, { first_action_at: at + H, resolved_at: at + 5 * H, closed_at: at + 5 * H });
    // 2: answered late, resolved on time.
    const b = await buildTicket(t.database, { at, ...due, status: 'resolved' });
    await set(b.id, { first_action_at: at + 5 * H, resolved_at: at + 6 * H, closed_at: at + 6 * H });
    // 3: answered on time, resolved late.
    const c = await buildTicket(t.database, { at, ...due, status: 'resolved' });
    await set(c.id, { first_action_at: at + H, resolved_at: at + 30 * H, closed_at: at + 30 * H });
    // 4: never answered, both due long ago: both missed.
    await buildTicket(t.database, { at, ...due });
    // 5: cancelled: not judged.
    await buildTicket(t.database, { at, ...due, status: 'cancelled' });
    // 6: no target: not judged.
    await buildTicket(t.database, { at });
    // 7: December, within its due times at 10:00 on the 10th: measured, neither met nor missed.
    await buildTicket(t.database, { at: lima('2026-12-10T09:00:00'), firstResponseDueAt: lima('2026-12-10T13:00:00'), resolutionDueAt: lima('2026-12-11T09:00:00') });
  });
  afterAll(() => t.close());

  it('counts met and missed first responses and resolutions in the summary', async () => {
    const res = await t.app.inject({ url: '/api/v1/metrics/summary?from=2026-11-01&to=2026-11-30', headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().sla).toEqual({
      measured: 4,
      firstResponseMet: 2,
      firstResponseBreached: 2,
      resolutionMet: 2,
      resolutionBreached: 2,
      firstResponseRate: 0.5,
      resolutionRate: 0.5,
    });
    const december = (await t.app.inject({ url: '/api/v1/metrics/summary?from=2026-12-01&to=2026-12-31', headers })).json();
    expect(december.sla).toMatchObject({ measured: 1, firstResponseMet: 0, firstResponseBreached: 0, firstResponseRate: null, resolutionRate: null });
  });

  it('adds both shares to the indicators CSV and the monthly PDF', async () => {
    const csv = await t.app.inject({ url: '/api/v1/reports/indicators.csv?from=2026-11-01&to=2026-11-30', headers });
    const rows = parse(csv.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    const by = Object.fromEntries(rows.map((r) => [r.Indicador, r]));
    expect(by['Primera respuesta a tiempo']).toMatchObject({ Valor: '50', unidad: '%', numerador: '2', denominador: '4' });
    expect(by['Resolución a tiempo']).toMatchObject({ Valor: '50', unidad: '%', numerador: '2', denominador: '4' });
    const pdf = await t.app.inject({ url: '/api/v1/reports/monthly.pdf?month=2026-11', headers });
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);
    expect(text).toMatch(/Primera respuesta a tiempo\s+50\.00 %\s+2 a tiempo de 4 ya juzgados \(2 fuera de plazo\)/);
    expect(text).toMatch(/Resolución a tiempo\s+50\.00 %/);
  });
});

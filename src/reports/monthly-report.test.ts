import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { buildCategory, buildOffice, buildTicket } from '../../test/helpers/factories';
import { pdfText } from '../../test/helpers/pdf';
import { buildMonthlyReport, type MonthlyReport } from './monthly-report';
import { renderMonthlyPdf } from './monthly-pdf';

const LIMA = 'America/Lima';
const MIN = 60_000;
/** A Lima wall-clock time (UTC−5, no daylight saving). */
const lima = (local: string) => Date.parse(`${local}:00-05:00`);

describeEachDialect('the monthly report: one cohort rule', (dialect) => {
  let database: TestDatabase;
  let report: MonthlyReport;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const office = await buildOffice(database, { name: 'Cohorte Sede' });
    const category = await buildCategory(database, { name: 'Cohorte Redes' });
    const ticket = async (createdAt: string, resolvedAfterMin: number | null, status?: 'registered' | 'in_progress' | 'cancelled') => {
      const at = lima(createdAt);
      const t = await buildTicket(database, { at, officeId: office.id, categoryId: category.id, status: resolvedAfterMin === null ? (status ?? 'registered') : 'resolved' });
      if (resolvedAfterMin !== null) {
        await database.db
          .updateTable('tickets')
          .set({ resolved_at: at + resolvedAfterMin * MIN, closed_at: at + resolvedAfterMin * MIN })
          .where('id', '=', t.id)
          .execute();
      }
    };
    // November 2026 starts on a Sunday and ends on a Monday: two one-day weeks at the edges.
    await ticket('2026-10-31T23:30', 90); // registered in October, resolved on 1 November: October's
    await ticket('2026-11-01T09:00', 60); // Sunday 1 November, the first "week"
    await ticket('2026-11-02T10:00', 120);
    await ticket('2026-11-10T08:00', null, 'cancelled');
    await ticket('2026-11-15T08:00', null, 'in_progress');
    await ticket('2026-11-29T10:00', 4 * 24 * 60); // resolved on 3 December: still November's
    await ticket('2026-11-30T23:00', 240); // resolved on 1 December: November's
    await ticket('2026-12-01T00:10', 30); // December's
    report = await buildMonthlyReport(database, '2026-11', LIMA, lima('2026-12-05T12:00'));
  });
  afterAll(() => database.drop());

  it('adds the weeks up to the headline for a month with tickets crossing both month ends', () => {
    const { weeks, summary, total } = report;
    expect(weeks.map((w) => `${w.first}..${w.last}`)).toEqual([
      '2026-11-01..2026-11-01',
      '2026-11-02..2026-11-08',
      '2026-11-09..2026-11-15',
      '2026-11-16..2026-11-22',
      '2026-11-23..2026-11-29',
      '2026-11-30..2026-11-30',
    ]);
    expect(weeks.map((w) => [w.reported, w.resolved])).toEqual([
      [1, 1],
      [1, 1],
      [2, 0],
      [0, 0],
      [1, 1],
      [1, 1],
    ]);
    expect(weeks.reduce((n, w) => n + w.reported, 0)).toBe(summary.tickets.reported);
    expect(weeks.reduce((n, w) => n + w.resolved, 0)).toBe(summary.tickets.resolved);
    expect(total).toEqual({ reported: 6, resolved: 4, avgResolutionMinutes: (60 + 120 + 5760 + 240) / 4 });
    expect(summary.tickets).toMatchObject({ reported: 6, resolved: 4, cancelled: 1 });
    expect(summary.tickets.avgResolutionMinutes).toBeCloseTo(total.avgResolutionMinutes!, 9);
    // The resolution time of the weeks, weighted by their resolved tickets, is the headline's.
    const weighted = weeks.reduce((s, w) => s + (w.avgResolutionMinutes ?? 0) * w.resolved, 0) / total.resolved;
    expect(weighted).toBeCloseTo(summary.tickets.avgResolutionMinutes!, 9);
    // The chart's days follow the same rule, and so do the categories and offices.
    expect(report.days.reduce((n, d) => n + d.reported, 0)).toBe(6);
    expect(report.days.find((d) => d.date === '2026-11-30')).toMatchObject({ reported: 1, resolved: 1 });
    expect(report.days.find((d) => d.date === '2026-11-01')).toMatchObject({ reported: 1, resolved: 1 });
    expect(report.topCategories).toEqual([expect.objectContaining({ name: 'Cohorte Redes', reported: 6, resolved: 4 })]);
    expect(report.topOffices).toEqual([expect.objectContaining({ name: 'Cohorte Sede', reported: 6, resolved: 4 })]);
  });

  it('prints the same figures in the PDF, a total row equal to the headline and the rule in the definitions', async () => {
    const text = pdfText(await renderMonthlyPdf(report));
    expect(text).toContain('Informe mensual: noviembre de 2026');
    expect(text).toMatch(/Tasa de resolución de incidencias\s+66\.67 %\s+4 de 6 tickets/);
    expect(text).toMatch(/Tiempo medio de resolución\s+1\s*d\s*1\s*h\s+Sobre 4 tickets registrados en el mes y resueltos/);
    expect(text).toMatch(/01\/11\/2026 – 01\/11\/2026\s+1\s+1\s+1 h 0 min/);
    expect(text).toMatch(/30\/11\/2026 – 30\/11\/2026\s+1\s+1\s+4 h 0 min/);
    expect(text).toMatch(/Total del mes\s+6\s+4\s+1\s*d\s*1\s*h/);
    expect(text).toMatch(/23\/11\/2026 – 29\/11\/2026\s+1\s+1\s+4\s*d\s*0\s*h/);
    expect(text).toContain('De ellos, resueltos');
    const definitions = text.slice(text.indexOf('Definiciones'));
    expect(definitions.replace(/\s+/g, ' ')).toContain(
      'Regla del informe: todas las cifras de tickets (indicadores, gráfico, semanas, categorías y oficinas) cuentan los tickets registrados en el mes',
    );
  });
});

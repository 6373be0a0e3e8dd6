/**
 * Exports for managers (admins, as design.md's roles say; session or API token): the filtered
 * tickets and the indicators as CSV, and the monthly PDF report.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { actorOf, requireAdmin } from '../auth/guards';
import { ExportTally } from '../privacy/export-tally';
import { localDateOf } from '../core/local-days';
import { RangeQuery } from '../metrics/metrics.schemas';
import { parseFilters, previousMonth, resolveRange } from '../metrics/range';
import { computeSummary } from '../metrics/summary';
import { ErrorResponse } from '../core/error-schema';
import { indicatorsCsv, ticketsCsv } from './csv';
import { buildMonthlyReport } from './monthly-report';
import { renderMonthlyPdf } from './monthly-pdf';
import { assetsCsv } from './assets-csv';

const TicketsQuery = Type.Composite(
  [
    RangeQuery,
    Type.Object({
      status: Type.Optional(Type.Union([Type.Literal('registered'), Type.Literal('in_progress'), Type.Literal('waiting'), Type.Literal('resolved'), Type.Literal('cancelled'), Type.Literal('')])),
    }),
  ],
  { additionalProperties: false },
);
const MonthQuery = Type.Object(
  {
    month: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', description: 'YYYY-MM (default: last month)' })),
    lang: Type.Optional(Type.Union([Type.Literal('es'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

const adminOnly = { preHandler: requireAdmin } as const;
const security: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];
const attachment = (name: string) => `attachment; filename="${name}"`;

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;

  app.get<{ Querystring: Static<typeof TicketsQuery> }>(
    '/reports/tickets.csv',
    {
      ...adminOnly,
      schema: {
        tags: ['staff'],
        summary: 'Tickets filtrados en CSV (UTF-8 con BOM; sin DNI, nombre ni teléfono del solicitante)',
        description:
          'La descripción va tal como la escribió el solicitante: si alguna contiene un DNI o un teléfono, la exportación queda en el registro de accesos a datos personales (tipo `export`, cuántos tickets, qué datos; nunca el valor).',
        security,
        querystring: TicketsQuery,
        response: { '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const range = resolveRange(request.query, ctx.config.timeZone, ctx.clock());
      const status = request.query.status || undefined;
      // Descriptions may carry a DNI or phone typed by the requester: such an export is in the access log.
      const audit = new ExportTally(ctx.database.db, actorOf(request).userId, ctx.clock);
      const stream = ticketsCsv(ctx.database.db, range, { ...parseFilters(request.query), status }, request.locale, audit);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', attachment(`tickets_${range.firstDate}_${range.lastDate}.csv`))
        .type('text/csv; charset=utf-8')
        .send(stream);
    },
  );

  app.get<{ Querystring: Static<typeof RangeQuery> }>(
    '/reports/indicators.csv',
    {
      ...adminOnly,
      schema: { tags: ['staff'], summary: 'Los seis indicadores de un periodo en CSV', security, querystring: RangeQuery, response: { '4xx': ErrorResponse } },
    },
    async (request, reply) => {
      const range = resolveRange(request.query, ctx.config.timeZone, ctx.clock());
      const summary = await computeSummary(ctx.database.db, range, parseFilters(request.query), { now: ctx.clock() });
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', attachment(`indicadores_${range.firstDate}_${range.lastDate}.csv`))
        .type('text/csv; charset=utf-8')
        .send(await indicatorsCsv(summary, range, request.locale));
    },
  );

  app.get<{ Querystring: Static<typeof RangeQuery> }>(
    '/reports/assets.csv',
    {
      ...adminOnly,
      schema: {
        tags: ['staff'],
        summary: 'Tickets por equipo (código patrimonial) en un periodo, primero los que más fallan (CSV)',
        security,
        querystring: RangeQuery,
        response: { '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const range = resolveRange(request.query, ctx.config.timeZone, ctx.clock());
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', attachment(`equipos_${range.firstDate}_${range.lastDate}.csv`))
        .type('text/csv; charset=utf-8')
        .send(await assetsCsv(ctx.database.db, range, parseFilters(request.query), request.locale));
    },
  );

  app.get<{ Querystring: Static<typeof MonthQuery> }>(
    '/reports/monthly.pdf',
    {
      ...adminOnly,
      schema: { tags: ['staff'], summary: 'Informe mensual en PDF (A4, en español)', security, querystring: MonthQuery, response: { '4xx': ErrorResponse } },
    },
    async (request, reply) => {
      const now = ctx.clock();
      const month = request.query.month ?? previousMonth(localDateOf(now, ctx.config.timeZone));
      const report = await buildMonthlyReport(ctx.database, month, ctx.config.timeZone, now);
      const pdf = await renderMonthlyPdf(report);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', attachment(`informe_${month}.pdf`))
        .type('application/pdf')
        .send(pdf);
    },
  );
}

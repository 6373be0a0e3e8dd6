import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { requireStaff } from '../auth/guards';
import { ErrorResponse } from '../core/error-schema';
import { parseFilters, resolveRange } from './range';
import { computeSummary } from './summary';
import { RangeQuery, SummaryResponse } from './metrics.schemas';

/** `GET /metrics/summary`: the six indicators, for any signed-in staff user (read-only). */
export async function metricsRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  app.get<{ Querystring: Static<typeof RangeQuery> }>(
    '/metrics/summary',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Los seis indicadores de un periodo, con los conteos de cada razón',
        description:
          'Fechas `YYYY-MM-DD` inclusivas en la zona horaria configurada, o marcas ISO; sin fechas, los últimos 30 días. Filtros opcionales `office` y `category` (ids). Las razones son fracciones 0–1.',
        security: [{ bearer: [] }, { session: [] }],
        querystring: RangeQuery,
        response: { 200: SummaryResponse, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const range = resolveRange(request.query, ctx.config.timeZone, ctx.clock());
      return computeSummary(ctx.database.db, range, parseFilters(request.query), { now: ctx.clock() });
    },
  );
}

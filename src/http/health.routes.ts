import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../core/errors';
import { jobCounts, lastLlmSuccess, lastTelegramDelivery, pingDatabase } from '../metrics/operations.repository';
import { lastSuccessInProcess } from '../metrics/prometheus';

const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

const latest = (...times: (number | null)[]): string | null => {
  const known = times.filter((t): t is number => t !== null);
  return known.length ? new Date(Math.max(...known)).toISOString() : null;
};

/**
 * `GET /health`: 200 `{status:"ok"}` only while the database answers (503 otherwise), with the
 * job backlog and the last successful Telegram delivery and model answer — a monitor can alert
 * on a growing backlog or a silent bot without signing in. Nothing personal is reported.
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/health',
    {
      schema: {
        tags: ['public'],
        summary: 'Estado del servicio (200 solo si la base de datos responde)',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            database: Type.Literal('ok'),
            jobs: Type.Object({ pending: Type.Integer(), failed: Type.Integer() }),
            lastTelegramSuccessAt: Instant,
            lastLlmSuccessAt: Instant,
          }),
        },
      },
    },
    async () => {
      const { db } = app.ctx.database;
      try {
        await pingDatabase(db);
      } catch {
        throw new AppError('SERVICE_UNAVAILABLE');
      }
      const [jobs, telegram, llm] = await Promise.all([jobCounts(db), lastTelegramDelivery(db), lastLlmSuccess(db)]);
      const inProcess = lastSuccessInProcess();
      return {
        status: 'ok' as const,
        database: 'ok' as const,
        jobs,
        lastTelegramSuccessAt: latest(telegram, inProcess.telegram),
        lastLlmSuccessAt: latest(llm, inProcess.llm),
      };
    },
  );
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors';
import { scrape } from './prometheus';

/**
 * A scraper is not a browser: it gets 401/403, never the login page's redirect that the page
 * guards give outside `/api/`.
 */
async function requireAdminScraper(request: FastifyRequest): Promise<void> {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', undefined, undefined, { 'WWW-Authenticate': 'Bearer' });
  if (request.actor.role !== 'admin') throw new AppError('FORBIDDEN');
}

/** `GET /metrics` in Prometheus text format: an admin session, or an admin's API token (scrapers). */
export async function prometheusRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/metrics',
    {
      preHandler: requireAdminScraper,
      schema: {
        tags: ['operations'],
        summary: 'Métricas Prometheus (administradores, o su token de API)',
        security: [{ bearer: [] }, { session: [] }],
      },
    },
    async (_request, reply) => {
      const { contentType, body } = await scrape(app);
      return reply.header('cache-control', 'no-store').type(contentType).send(body);
    },
  );
}

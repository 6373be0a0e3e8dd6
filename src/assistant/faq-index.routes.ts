/**
 * `GET /faq-index` (public): the active FAQ entries in the compact form the portal's offline
 * assistant searches in the browser (`web/client/assistant-offline.ts` builds the same `FaqIndex`
 * as the server from it). Only what retrieval and the answer need — no dates, no authors. The FAQ
 * is what the assistant tells anyone who asks, so it is no secret; the service worker caches it.
 * An ETag from the table's fingerprint lets the cached copy be revalidated with a 304.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { publicRateLimit } from '../core/rate-limits';
import { ErrorResponse } from '../core/error-schema';
import { faqsFingerprint, listActiveFaqs } from './faqs.repository';

export const FaqIndexResponse = Type.Object({
  version: Type.String(),
  entries: Type.Array(
    Type.Object({
      id: Type.Integer(),
      question: Type.String(),
      answer: Type.String(),
      keywords: Type.String(),
      categoryId: Type.Union([Type.Integer(), Type.Null()]),
      needsTicket: Type.Boolean(),
    }),
  ),
});

export async function faqIndexRoutes(app: FastifyInstance): Promise<void> {
  const db = app.ctx.database.db;
  app.get(
    '/faq-index',
    {
      config: { rateLimit: publicRateLimit(app) },
      schema: {
        tags: ['public'],
        summary: 'Índice de preguntas frecuentes para el asistente sin conexión',
        description: 'Las entradas activas, para buscarlas en el navegador (el portal las guarda para responder sin red).',
        response: { 200: FaqIndexResponse, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const version = createHash('sha256')
        .update(await faqsFingerprint(db))
        .digest('hex')
        .slice(0, 12);
      const etag = `"${version}"`;
      reply.header('cache-control', 'no-cache').header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      const entries = (await listActiveFaqs(db)).map((f) => ({ id: f.id, question: f.question, answer: f.answer, keywords: f.keywords, categoryId: f.categoryId, needsTicket: f.needsTicket }));
      return { version, entries };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { listActiveCategories } from './categories.repository';
import { publicRateLimit } from '../core/rate-limits';

export async function categoryRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/categories',
    {
      config: { rateLimit: publicRateLimit(app) },
      schema: {
        tags: ['public'],
        summary: 'Categorías activas ("Otros" al final)',
        response: { 200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })) },
      },
    },
    async () => {
      const categories = await listActiveCategories(app.ctx.database.db);
      return categories.map((c) => ({ id: c.id, name: c.name }));
    },
  );
}

/** Admin API for ticket categories (`/api/v1/admin/categories`, admins only). */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse } from '../core/error-schema';
import { requireAdmin } from '../auth/guards';
import { staffSecurity as security } from '../auth/auth.schemas';
import { listAllCategories } from './categories.repository';
import { createCategory, updateCategory } from './commands/save-category';

export const CategorySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  sortOrder: Type.Integer(),
  isOther: Type.Boolean(),
  active: Type.Boolean(),
});
const CreateCategoryBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 120 }), sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })) },
  { additionalProperties: false },
);
const UpdateCategoryBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export async function adminCategoryRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock });
  app.addHook('onRequest', requireAdmin);

  app.get(
    '/admin/categories',
    { schema: { tags: ['admin'], summary: 'Todas las categorías, en su orden ("Otros" al final)', security, response: { 200: Type.Array(CategorySchema), '4xx': ErrorResponse } } },
    async () => listAllCategories(ctx.database.db),
  );

  app.post<{ Body: Static<typeof CreateCategoryBody> }>(
    '/admin/categories',
    { schema: { tags: ['admin'], summary: 'Crear una categoría', security, body: CreateCategoryBody, response: { 201: CategorySchema, '4xx': ErrorResponse } } },
    async (request, reply) => reply.status(201).send(await createCategory(deps(), request.body)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateCategoryBody> }>(
    '/admin/categories/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Renombrar, reordenar o (des)activar una categoría',
        description: 'Las categorías no se borran: se desactivan.',
        security,
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: CategorySchema, '4xx': ErrorResponse },
      },
    },
    async (request) => updateCategory(deps(), request.params.id, request.body),
  );
}

/** Admin API for ticket categories (`/api/v1/admin/categories`, admins only). */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse } from '../core/error-schema';
import { requireAdmin } from '../auth/guards';
import { staffSecurity as security } from '../auth/auth.schemas';
import { listAllCategories } from './categories.repository';
import { createCategory, updateCategory } from './commands/save-category';
import type { TicketPriority } from '../db/schema';

export const CategorySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  sortOrder: Type.Integer(),
  isOther: Type.Boolean(),
  active: Type.Boolean(),
  defaultPriority: Type.Union(
    ['critical', 'high', 'normal', 'low'].map((p) => Type.Literal(p)),
    { description: 'The priority its tickets get at filing' },
  ),
});
const PriorityField = Type.Optional(Type.Union(['critical', 'high', 'normal', 'low'].map((p) => Type.Literal(p))));
const CreateCategoryBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 120 }), sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })), defaultPriority: PriorityField },
  { additionalProperties: false },
);
const UpdateCategoryBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    active: Type.Optional(Type.Boolean()),
    defaultPriority: PriorityField,
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
    async (request, reply) => reply.status(201).send(await createCategory(deps(), { ...request.body, defaultPriority: request.body.defaultPriority as TicketPriority | undefined })),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateCategoryBody> }>(
    '/admin/categories/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Renombrar, reordenar, (des)activar una categoría o cambiar su prioridad por defecto',
        description: 'Las categorías no se borran: se desactivan.',
        security,
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: CategorySchema, '4xx': ErrorResponse },
      },
    },
    async (request) => updateCategory(deps(), request.params.id, { ...request.body, defaultPriority: request.body.defaultPriority as TicketPriority | undefined }),
  );
}

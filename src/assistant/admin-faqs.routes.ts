/** Admin API for the FAQ the assistant answers from (`/api/v1/admin/faqs`, admins only). */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { requireAdmin } from '../auth/guards';
import { staffSecurity as security } from '../auth/auth.schemas';
import { AppError } from '../core/errors';
import { ErrorResponse } from '../core/error-schema';
import { assistantState } from './assistant-state';
import { createFaq, FAQ_LIMITS, updateFaq } from './commands/save-faq';
import { findFaq, listFaqs, type Faq } from './faqs.repository';

const FaqSchema = Type.Object({
  id: Type.Integer(),
  question: Type.String(),
  answer: Type.String({ description: 'Markdown' }),
  keywords: Type.String(),
  categoryId: Type.Union([Type.Integer(), Type.Null()]),
  category: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  needsTicket: Type.Boolean({ description: 'El caso necesita un técnico (accesos, instalaciones, reemplazos): responder con esta entrada ofrece un ticket' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const fields = {
  question: Type.String({ minLength: FAQ_LIMITS.question.min, maxLength: FAQ_LIMITS.question.max }),
  answer: Type.String({ minLength: FAQ_LIMITS.answer.min, maxLength: FAQ_LIMITS.answer.max }),
  keywords: Type.String({ maxLength: FAQ_LIMITS.keywords.max }),
  categoryId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  active: Type.Boolean(),
  needsTicket: Type.Boolean(),
};
const CreateFaqBody = Type.Object(
  {
    question: fields.question,
    answer: fields.answer,
    keywords: Type.Optional(fields.keywords),
    categoryId: Type.Optional(fields.categoryId),
    active: Type.Optional(fields.active),
    needsTicket: Type.Optional(fields.needsTicket),
  },
  { additionalProperties: false },
);
const UpdateFaqBody = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const present = (f: Faq) => ({
  id: f.id,
  question: f.question,
  answer: f.answer,
  keywords: f.keywords,
  categoryId: f.categoryId,
  category: f.categoryName,
  active: f.active,
  needsTicket: f.needsTicket,
  createdAt: new Date(f.createdAt).toISOString(),
  updatedAt: new Date(f.updatedAt).toISOString(),
});

export async function adminFaqRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock, onChange: () => assistantState(ctx).faqs.invalidate() });
  app.addHook('onRequest', requireAdmin);

  app.get(
    '/admin/faqs',
    { schema: { tags: ['admin'], summary: 'Todas las preguntas frecuentes (activas e inactivas)', security, response: { 200: Type.Array(FaqSchema), '4xx': ErrorResponse } } },
    async () => (await listFaqs(ctx.database.db)).map(present),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/admin/faqs/:id',
    { schema: { tags: ['admin'], summary: 'Una pregunta frecuente', security, params: IdParams, response: { 200: FaqSchema, '4xx': ErrorResponse } } },
    async (request) => {
      const faq = await findFaq(ctx.database.db, request.params.id);
      if (!faq) throw new AppError('FAQ_NOT_FOUND');
      return present(faq);
    },
  );

  app.post<{ Body: Static<typeof CreateFaqBody> }>(
    '/admin/faqs',
    { schema: { tags: ['admin'], summary: 'Crear una pregunta frecuente', security, body: CreateFaqBody, response: { 201: FaqSchema, '4xx': ErrorResponse } } },
    async (request, reply) => {
      const b = request.body;
      const faq = await createFaq(deps(), {
        question: b.question,
        answer: b.answer,
        keywords: b.keywords ?? '',
        categoryId: b.categoryId ?? null,
        active: b.active ?? true,
        needsTicket: b.needsTicket ?? false,
      });
      return reply.status(201).send(present(faq));
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateFaqBody> }>(
    '/admin/faqs/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Editar o (des)activar una pregunta frecuente',
        description: 'Las preguntas no se borran: se desactivan (`active: false`) y el asistente deja de usarlas.',
        security,
        params: IdParams,
        body: UpdateFaqBody,
        response: { 200: FaqSchema, '4xx': ErrorResponse },
      },
    },
    async (request) => present(await updateFaq(deps(), request.params.id, request.body)),
  );
}

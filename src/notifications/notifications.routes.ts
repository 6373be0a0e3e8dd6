/**
 * Staff API of the notifications area (under /api/v1): the Telegram deep link for the signed-in
 * user, unlinking, and the user's notices (the web panel's data, e.g. without Telegram).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { actorOf, requireStaff } from '../auth/guards';
import { ErrorResponse } from '../core/error-schema';
import { notificationDeps } from './notification-deps';
import { createUserLink, unlinkFromWeb } from './commands/telegram-link';
import { myNotices } from './queries/my-notices';

const LinkResponse = Type.Object({ url: Type.String(), expiresAt: Type.String({ format: 'date-time' }) });
const NoticesResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      kind: Type.Union(['new_ticket', 'reminder', 'status', 'answer', 'sla_warning', 'sla_breach'].map((k) => Type.Literal(k))),
      category: Type.String(),
      office: Type.String(),
      status: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
      opened: Type.Boolean(),
      url: Type.String(),
    }),
  ),
});

export async function notificationRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;

  app.post(
    '/me/telegram-link',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Enlace para vincular Telegram (un solo uso, 15 minutos)',
        response: { 200: LinkResponse, '4xx': ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request) => {
      const link = await createUserLink(notificationDeps(ctx), actorOf(request).userId);
      return { url: link.url, expiresAt: new Date(link.expiresAt).toISOString() };
    },
  );

  app.delete(
    '/me/telegram-link',
    { preHandler: requireStaff, schema: { tags: ['staff'], summary: 'Desvincular Telegram', response: { 204: Type.Null(), '4xx': ErrorResponse } } },
    async (request, reply) => {
      await unlinkFromWeb(ctx, actorOf(request).userId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/me/notifications',
    { preHandler: requireStaff, schema: { tags: ['staff'], summary: 'Mis avisos recientes', response: { 200: NoticesResponse, '4xx': ErrorResponse } } },
    async (request) => {
      const items = await myNotices(ctx.database, actorOf(request).userId, 50);
      return {
        items: items.map((n) => ({
          code: n.code,
          kind: n.kind,
          category: n.category,
          office: n.office,
          status: n.status,
          createdAt: new Date(n.createdAt).toISOString(),
          opened: n.openedAt !== null,
          url: `${ctx.config.publicBaseUrl}/n/${n.linkToken}`,
        })),
      };
    },
  );
}

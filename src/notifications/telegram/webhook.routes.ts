/**
 * `POST /telegram/webhook` (TELEGRAM_MODE=webhook). Nothing is processed without the right
 * `X-Telegram-Bot-Api-Secret-Token` (401 missing, 403 wrong); the update is stored and queued in
 * one transaction and Telegram gets its 200 at once — the work happens in the worker.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors';
import { receiveUpdate, type IncomingUpdate } from '../commands/receive-update';

export const WEBHOOK_PATH = '/telegram/webhook';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function telegramWebhookRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  app.post(
    WEBHOOK_PATH,
    {
      onRequest: async (request) => {
        if (!ctx.config.telegram.botToken) throw new AppError('ROUTE_NOT_FOUND');
        const given = request.headers['x-telegram-bot-api-secret-token'];
        if (typeof given !== 'string' || !given) throw new AppError('UNAUTHENTICATED');
        if (!sameSecret(given, ctx.config.telegram.webhookSecret)) throw new AppError('FORBIDDEN');
      },
      schema: {
        tags: ['telegram'],
        summary: 'Webhook de Telegram (uso interno del bot)',
        headers: Type.Object({ 'x-telegram-bot-api-secret-token': Type.Optional(Type.String()) }),
        body: Type.Object({ update_id: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) }),
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async (request) => {
      await receiveUpdate(ctx, request.body as IncomingUpdate);
      return { ok: true };
    },
  );
}

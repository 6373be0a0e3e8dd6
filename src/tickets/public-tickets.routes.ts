import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../core/errors';
import { publicRateLimit } from '../http/rate-limits';
import { afterTurnArrivals } from '../http/turn-batch';
import { createTicket } from './commands/create-ticket';
import { trackTicket } from './queries/track-ticket';
import { trackingPath } from './presenters';
import { ErrorResponse } from '../core/error-schema';
import { CreateTicketBody, CreatedTicketResponse, PublicTicketResponse } from './ticket.schemas';
import { AttachmentStore } from '../attachments/attachment-store';
import { MAX_ATTACHMENTS } from '../attachments/attach-files';
import { prepareFiles } from '../attachments/prepare-file';
import { presentAttachment } from '../attachments/presenters';

const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,128}$/;

export function readIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !IDEMPOTENCY_KEY_RE.test(value)) throw new AppError('IDEMPOTENCY_KEY_MALFORMED');
  return value;
}

export async function publicTicketRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const store = new AttachmentStore(ctx.config.attachments.dir);

  app.post<{ Body: Static<typeof CreateTicketBody> }>(
    '/tickets',
    {
      config: { rateLimit: publicRateLimit(app), uploads: { field: 'attachments', max: MAX_ATTACHMENTS } },
      schema: {
        tags: ['public'],
        summary: 'Registrar un ticket',
        description:
          'Con la cabecera opcional `Idempotency-Key`, un reintento devuelve la primera respuesta. ' +
          'JSON, o `multipart/form-data` con los mismos campos y hasta 3 archivos `attachments` (fotos o PDF); ' +
          'en JSON, `attachmentIds` de `POST /attachments`. Un adjunto rechazado (415, 413, 422) no deja ticket.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: CreateTicketBody,
        response: { 201: CreatedTicketResponse, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const key = readIdempotencyKey(request.headers['idempotency-key']);
      const { attachmentIds, ...fields } = request.body;
      const files = await prepareFiles(store, request.uploads, 'attachments', request.tempFiles);
      const result = await createTicket(
        { database: ctx.database, clock: ctx.clock, timeZone: ctx.config.timeZone, floodMinutes: ctx.config.ticketFloodMinutes, store },
        { ...fields, channel: 'portal', attachments: { files, uploadIds: attachmentIds ?? [] } },
        (t) => ({
          code: t.code,
          status: 'registered' as const,
          createdAt: new Date(t.createdAt).toISOString(),
          trackingUrl: `${ctx.config.publicBaseUrl}${trackingPath(t.code)}`,
          attachments: t.attachments.map((a) => presentAttachment(t.code, a)),
        }),
        key,
      );
      if (result.created && result.code) ctx.events.emit('ticket.created', { code: result.code });
      if (!result.created) reply.header('Idempotent-Replayed', 'true');
      return reply.status(result.statusCode).send(result.body);
    },
  );

  app.get<{ Params: { code: string } }>(
    '/tickets/:code',
    {
      config: { rateLimit: publicRateLimit(app) },
      // Lookups that arrive together read the database together (see turn-batch.ts).
      preHandler: afterTurnArrivals,
      schema: {
        tags: ['public'],
        summary: 'Seguimiento de un ticket por su código',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        response: { 200: PublicTicketResponse, '4xx': ErrorResponse },
      },
    },
    async (request) => trackTicket(ctx.database.db, request.params.code),
  );
}

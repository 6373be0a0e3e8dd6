import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../core/errors';
import { chargeFilingLookup, publicRateLimit } from '../core/rate-limits';
import { afterTurnArrivals } from '../core/turn-batch';
import { createTicket } from './commands/create-ticket';
import { filingDeps } from './filing-deps';
import { trackTicket } from './queries/track-ticket';
import { ticketCodeOrThrow } from './queries/staff-ticket';
import { postRequesterMessage } from './commands/post-requester-message';
import { reopenTicket } from './commands/reopen-ticket';
import { trackingPath } from './presenters';
import { ErrorResponse } from '../core/error-schema';
import { CreateTicketBody, CreatedTicketResponse, MessageBody, PublicTicketResponse, ReopenBody } from './ticket.schemas';
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
        filingDeps(ctx, store, () => chargeFilingLookup(request)),
        { ...fields, channel: 'portal', attachments: { files, uploadIds: attachmentIds ?? [] } },
        (t) => ({
          code: t.code,
          status: 'registered' as const,
          createdAt: new Date(t.createdAt).toISOString(),
          trackingUrl: `${ctx.config.publicBaseUrl}${trackingPath(t.code)}`,
          attachments: t.attachments.map((a) => presentAttachment(t.code, a)),
          incident: t.incident,
        }),
        key,
      );
      if (!result.created) reply.header('Idempotent-Replayed', 'true');
      // A key first used by the portal's form (whose stored answer has no `attachments`) replays
      // here too: the offline portal sends a kept post again through this route, with its key.
      return reply.status(result.statusCode).send(result.created ? result.body : { ...result.body, attachments: result.body.attachments ?? [] });
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
    async (request) => trackTicket(ctx.database.db, request.params.code, ctx.config.reopenDays),
  );

  const deps = { database: ctx.database, clock: ctx.clock, events: ctx.events };
  const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

  // The requester's side of the conversation: holding the code is the entitlement, as for
  // tracking. The text never reaches the logs (only method, route and status do).
  app.post<{ Params: Static<typeof CodeParams>; Body: Static<typeof MessageBody> }>(
    '/tickets/:code/messages',
    {
      config: { rateLimit: publicRateLimit(app), uploads: { field: 'attachments', max: MAX_ATTACHMENTS } },
      schema: {
        tags: ['public'],
        summary: 'Mensaje del solicitante al técnico (por el código del ticket)',
        description: `Un ticket en espera del solicitante vuelve a «en atención» y su técnico recibe aviso (Telegram y panel). 409 TICKET_CLOSED cuando el ticket se cerró hace más de REOPEN_DAYS días.`,
        params: CodeParams,
        body: MessageBody,
        response: { 201: PublicTicketResponse, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const code = ticketCodeOrThrow(request.params.code);
      const files = await prepareFiles(store, request.uploads, 'attachments', request.tempFiles);
      await postRequesterMessage({ ...deps, store }, { code, text: request.body.text, reopenDays: ctx.config.reopenDays, attachments: { files, uploadIds: request.body.attachmentIds ?? [] } });
      return reply.status(201).send(await trackTicket(ctx.database.db, code, ctx.config.reopenDays));
    },
  );

  app.post<{ Params: Static<typeof CodeParams>; Body: Static<typeof ReopenBody> }>(
    '/tickets/:code/reopen',
    {
      config: { rateLimit: publicRateLimit(app) },
      schema: {
        tags: ['public'],
        summary: 'Reabrir un ticket resuelto, con el motivo',
        description: `Dentro de REOPEN_DAYS días de su resolución: vuelve a «en atención» con el mismo técnico (o a la cola, en su lugar original, si esa cuenta ya no está activa). Si no, 409 REOPEN_NOT_ALLOWED.`,
        params: CodeParams,
        body: ReopenBody,
        response: { 200: PublicTicketResponse, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const code = ticketCodeOrThrow(request.params.code);
      await reopenTicket(deps, { code, reason: request.body.reason, reopenDays: ctx.config.reopenDays });
      return trackTicket(ctx.database.db, code, ctx.config.reopenDays);
    },
  );
}

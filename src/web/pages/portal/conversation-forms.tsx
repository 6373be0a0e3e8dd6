/**
 * The tracking page's no-JavaScript forms (also what the page script submits, after uploading the
 * photos itself): the requester's answer (`/t/:code/mensaje`) and the reopening (`/t/:code/reabrir`).
 * Done → 303 back to the tracking page with `?conversacion=enviado|reabierto`. Refused (a blank
 * answer, a wrong file type, a ticket closed for answers…) → the tracking page itself, with the
 * refusal's status (422, 415, 409…), the reason, the text as typed and the files already received
 * (uploads: their names shown, their ids in hidden fields), so nobody types or attaches twice.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError, messageKeyFor } from '../../../core/errors';
import { publicRateLimit } from '../../../core/rate-limits';
import { postRequesterMessage } from '../../../tickets/commands/post-requester-message';
import { reopenTicket } from '../../../tickets/commands/reopen-ticket';
import { trackTicket } from '../../../tickets/queries/track-ticket';
import { trackingPath } from '../../../tickets/presenters';
import { normalizeTicketCode } from '../../../tickets/ticket-code';
import { pageContext, sendPage } from '../../render';
import { AttachmentStore } from '../../../attachments/attachment-store';
import { MAX_ATTACHMENTS } from '../../../attachments/attach-files';
import { receivePageUploads } from '../../form-attachments';
import type { KeptAttachment } from '../../attachments-view';
import { conversationRetries, DONE, type ConversationRetry } from './conversation';
import { renderExtras, trackingExtras } from './extras';
import { TrackingPage } from './tracking';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
const FormBody = Type.Object({ text: Type.Optional(Type.String()), reason: Type.Optional(Type.String()) }, { additionalProperties: true });
type FormRequest = FastifyRequest<{ Params: Static<typeof CodeParams>; Body: Static<typeof FormBody> }>;

/** A refusal that carries what the form must show again. */
class Refused extends Error {
  constructor(
    readonly error: AppError,
    readonly kept: KeptAttachment[],
    readonly fileError: boolean,
  ) {
    super(error.code);
  }
}

export async function conversationFormRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const store = new AttachmentStore(ctx.config.attachments.dir);
  const deps = { database: ctx.database, clock: ctx.clock, events: ctx.events, store };

  async function sendAgain(request: FormRequest, reply: FastifyReply, code: string, retry: ConversationRetry, status: number) {
    const ticket = await trackTicket(ctx.database.db, code, ctx.config.reopenDays);
    const page = { ...pageContext(request), url: trackingPath(code) };
    conversationRetries.set(request, retry);
    const extras = await renderExtras(trackingExtras, { page, ctx, request, ticket });
    return sendPage(reply, <TrackingPage page={page} ticket={ticket} timeZone={ctx.config.timeZone} extras={extras.nodes} scripts={extras.scripts} />, status);
  }

  const handle = (path: string, form: ConversationRetry['form'], run: (code: string, request: FormRequest) => Promise<unknown>, done: keyof typeof DONE, files = false) =>
    app.post<{ Params: Static<typeof CodeParams>; Body: Static<typeof FormBody> }>(
      path,
      {
        schema: { hide: true, params: CodeParams, body: FormBody },
        config: { rateLimit: publicRateLimit(app), ...(files ? { uploads: { field: 'attachments', max: MAX_ATTACHMENTS } } : {}) },
      },
      async (request, reply) => {
        const code = normalizeTicketCode(request.params.code);
        if (!code) throw new AppError('TICKET_CODE_MALFORMED');
        try {
          await run(code, request);
        } catch (err) {
          const refused = err instanceof Refused ? err : err instanceof AppError ? new Refused(err, [], false) : null;
          if (!refused || refused.error.code === 'TICKET_NOT_FOUND') throw err;
          const text = (form === 'answer' ? request.body.text : request.body.reason) ?? '';
          const fileError = refused.fileError ? pageContext(request).t(messageKeyFor(refused.error.code), refused.error.params) : null;
          return sendAgain(request, reply, code, { form, outcome: refused.error.code, text, kept: refused.kept, fileError }, refused.error.statusCode);
        }
        return reply.redirect(`${trackingPath(code)}?conversacion=${done}#conversacion`, 303);
      },
    );

  handle(
    '/t/:code/mensaje',
    'answer',
    async (code, request) => {
      const uploads = await receivePageUploads(deps, request);
      if (uploads.error) throw new Refused(uploads.error, uploads.kept, true);
      try {
        return await postRequesterMessage(deps, { code, text: request.body.text ?? '', reopenDays: ctx.config.reopenDays, attachments: uploads.input });
      } catch (err) {
        // The files were received as uploads: they stay for the next try (unused ones go with the daily purge).
        if (err instanceof AppError) throw new Refused(err, uploads.kept, false);
        throw err;
      }
    },
    'enviado',
    true,
  );
  handle('/t/:code/reabrir', 'reopen', (code, request) => reopenTicket(deps, { code, reason: request.body.reason ?? '', reopenDays: ctx.config.reopenDays }), 'reabierto');
}

/**
 * `GET /tickets/{code}/attachments/{id}`: the file, to whoever may see the ticket — the holder of
 * its code (the tracking page is public by code) and staff; a note's file to staff only. An id of
 * another ticket is 404. It starts from the ticket, so it lives here and attachments/ does not
 * import tickets/ (issue 14).
 * Served with nosniff, a Content-Disposition (PDFs as downloads) and a CSP that sandboxes it, so a
 * file can never run as a page of ours.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../core/errors';
import { ErrorResponse } from '../core/error-schema';
import { publicRateLimit } from '../core/rate-limits';
import { AttachmentStore } from '../attachments/attachment-store';
import { contentDisposition } from '../attachments/presenters';
import { findAttachmentOfTicket } from './queries/ticket-attachment';

const FileParams = Type.Object({ code: Type.String({ maxLength: 40 }), id: Type.String({ maxLength: 40 }) });

export async function ticketAttachmentRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const store = new AttachmentStore(ctx.config.attachments.dir);

  app.get<{ Params: Static<typeof FileParams> }>(
    '/tickets/:code/attachments/:id',
    {
      config: { rateLimit: publicRateLimit(app) },
      schema: {
        tags: ['public'],
        summary: 'Descargar un adjunto de un ticket (con el código del ticket)',
        params: FileParams,
        response: { '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const found = await findAttachmentOfTicket(ctx.database.db, request.params.code, request.params.id);
      // A note's file is as internal as the note: staff only.
      const visible = found !== null && (found.eventId === null || request.actor !== null);
      if (!visible || !(await store.has(found.sha256))) throw new AppError('ATTACHMENT_NOT_FOUND');
      return (
        reply
          .header('content-type', found.type)
          .header('content-length', String(found.size))
          .header('content-disposition', contentDisposition(found.name, found.type))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'")
          .header('cross-origin-resource-policy', 'same-origin')
          // The bytes of an id never change; only whoever holds the code may keep a copy.
          .header('cache-control', 'private, max-age=86400, immutable')
          .send(store.open(found.sha256))
      );
    },
  );
}

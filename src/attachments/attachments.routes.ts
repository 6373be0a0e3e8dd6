/**
 * `POST /attachments` (public, rate limited): one file `file` → 201 `{id, name, type, size}`, to be
 * named in `attachmentIds` of a ticket, note or message within a day.
 * `GET /tickets/{code}/attachments/{id}`: the file, to whoever may see the ticket — the holder of
 * its code (the tracking page is public by code) and staff; a note's file to staff only. An id of
 * another ticket is 404.
 * Served with nosniff, a Content-Disposition (PDFs as downloads) and a CSP that sandboxes it, so a
 * file can never run as a page of ours.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../core/errors';
import { ErrorResponse } from '../core/error-schema';
import { publicRateLimit } from '../core/rate-limits';
import { AttachmentStore } from './attachment-store';
import { prepareFiles } from './prepare-file';
import { uploadAttachment } from './commands/upload-attachment';
import { findAttachmentOfTicket } from './queries/find-attachment';
import { UploadedAttachmentResponse } from './attachments.schemas';

const FileParams = Type.Object({ code: Type.String({ maxLength: 40 }), id: Type.String({ maxLength: 40 }) });

/** `inline` for images (shown in the pages), `attachment` for PDFs; the name in ASCII and in UTF-8. */
export function contentDisposition(name: string, type: string): string {
  const kind = type === 'application/pdf' ? 'attachment' : 'inline';
  const ascii =
    name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\;]/g, '_') || 'adjunto';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function attachmentRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const store = new AttachmentStore(ctx.config.attachments.dir);

  app.post(
    '/attachments',
    {
      config: { rateLimit: publicRateLimit(app), uploads: { field: 'file', max: 1 } },
      schema: {
        tags: ['public'],
        summary: 'Subir un adjunto (multipart, un archivo `file`): foto JPEG/PNG/WebP/HEIC o PDF',
        description:
          'Devuelve el id para `attachmentIds`. Las fotos se vuelven a codificar (lado mayor ≤ 1600 px, sin EXIF ni GPS). ' +
          '415 ATTACHMENT_TYPE si no es un tipo admitido (reconocido por su contenido), 413 si es demasiado grande, 422 si la imagen está dañada. ' +
          'Un adjunto que ningún ticket usa en 24 h se elimina.',
        consumes: ['multipart/form-data'],
        response: { 201: UploadedAttachmentResponse, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const upload = request.uploads[0];
      if (!upload) throw new AppError('VALIDATION_FAILED', undefined, { file: { key: 'field.required' } });
      const [file] = await prepareFiles(store, [upload], 'file', request.tempFiles);
      const created = await uploadAttachment({ database: ctx.database, clock: ctx.clock, store }, file!);
      return reply.status(201).send(created);
    },
  );

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

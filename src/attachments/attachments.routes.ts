/**
 * `POST /attachments` (public, rate limited): one file `file` → 201 `{id, name, type, size}`, to be
 * named in `attachmentIds` of a ticket, note or message within a day.
 * Downloads (`GET /tickets/{code}/attachments/{id}`) are a ticket's: tickets/ticket-attachments.routes.ts.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/errors';
import { ErrorResponse } from '../core/error-schema';
import { publicRateLimit } from '../core/rate-limits';
import { AttachmentStore } from './attachment-store';
import { prepareFiles } from './prepare-file';
import { uploadAttachment } from './commands/upload-attachment';
import { UploadedAttachmentResponse } from './attachments.schemas';

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
}

/**
 * multipart/form-data for the routes that take files (@fastify/multipart). A route opts in with
 * `config: { uploads: { field, max } }`; anywhere else a multipart body is refused with 415, as
 * before. For an opted-in route the form is read before validation: its text fields become
 * `request.body` (so the route's schema checks them as it checks JSON) and each file streams into
 * a temporary file of the attachment store (`request.uploads`). Temporary files are removed when
 * the answer has gone (or the client went away), whatever happened; a file the route kept has
 * been hard-linked under its hash by then.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { AppError } from '../core/errors';
import { AttachmentStore, FileTooLarge, type IncomingFile } from '../attachments/attachment-store';

export interface UploadOptions {
  /** The form field that carries files (`attachments`, or `file` for POST /attachments). */
  field: string;
  /** More files than this → 422 ATTACHMENTS_TOO_MANY. */
  max: number;
  /** Read nothing for an anonymous caller: the route's guard answers 401 first. */
  staffOnly?: boolean;
}

export interface ReceivedUpload {
  file: IncomingFile;
  /** The name the client gave; cleaned before it is stored or shown. */
  name: string | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    uploads?: UploadOptions;
  }
  interface FastifyRequest {
    uploads: ReceivedUpload[];
    /** Every temporary file of this request (received and processed), removed once it is answered. */
    tempFiles: IncomingFile[];
  }
}

const MAX_FIELD_BYTES = 16 * 1024;

function tooMany(field: string, max: number): AppError {
  return new AppError('ATTACHMENTS_TOO_MANY', { max }, { [field]: { key: 'attachment.tooMany', params: { max } } });
}

async function readForm(request: FastifyRequest, store: AttachmentStore, options: UploadOptions, maxBytes: number): Promise<void> {
  const fields: Record<string, string | string[]> = {};
  const parts = request.parts({ limits: { fileSize: maxBytes, files: options.max + 1, fields: 40, parts: 60, fieldSize: MAX_FIELD_BYTES } });
  try {
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== options.field) {
          part.file.resume();
          throw new AppError('VALIDATION_FAILED', undefined, { [part.fieldname.slice(0, 40)]: { key: 'field.additionalProperties' } });
        }
        if (request.uploads.length >= options.max) throw tooMany(options.field, options.max);
        const file = await store.receive(part.file, maxBytes);
        // An empty file input of a form sent without a choice: not an attachment.
        if (file.bytes === 0 && !part.filename) await store.discard(file);
        else {
          request.uploads.push({ file, name: part.filename || undefined });
          request.tempFiles.push(file);
        }
      } else {
        if (part.valueTruncated) throw new AppError('PAYLOAD_TOO_LARGE');
        const value = String(part.value);
        const previous = fields[part.fieldname];
        fields[part.fieldname] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof FileTooLarge || code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('ATTACHMENT_TOO_LARGE', { mb: Math.round(maxBytes / 1024 / 1024) }, { [options.field]: { key: 'attachment.tooLarge', params: { mb: Math.round(maxBytes / 1024 / 1024) } } });
    }
    if (code === 'FST_FILES_LIMIT') throw tooMany(options.field, options.max);
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('PAYLOAD_TOO_LARGE');
    if (err instanceof AppError) throw err;
    // Malformed multipart (no boundary, cut short): the client's fault.
    throw new AppError('BAD_REQUEST');
  }
  request.body = fields;
}

async function discardTempFiles(store: AttachmentStore, request: FastifyRequest): Promise<void> {
  const temps = request.tempFiles;
  request.tempFiles = [];
  for (const file of temps) await store.discard(file);
}

export async function registerMultipart(app: FastifyInstance): Promise<void> {
  const { config } = app.ctx;
  const store = new AttachmentStore(config.attachments.dir);
  await app.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: config.attachments.maxBytes } });
  app.decorateRequest('uploads', null as never);
  app.decorateRequest('tempFiles', null as never);
  app.addHook('onRequest', async (request) => {
    request.uploads = [];
    request.tempFiles = [];
  });
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const options = request.routeOptions.config.uploads;
    if (!options) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    if (options.staffOnly && !request.actor) return;
    await readForm(request, store, options, config.attachments.maxBytes);
  });
  // onSend, not onResponse: the temporary files are gone before the client hears the answer.
  app.addHook('onSend', async (request) => discardTempFiles(store, request));
  app.addHook('onResponse', async (request) => discardTempFiles(store, request));
  app.addHook('onRequestAbort', async (request) => discardTempFiles(store, request));
}

/**
 * Files sent with a page form (multipart, no JavaScript) and upload ids sent by the page script
 * (`attachmentIds`, from POST /api/v1/attachments). Every file of a form post becomes an upload
 * first, then the command claims the ids — the same path as the page script's. So a form refused
 * for another reason (a missing description, "Verificar DNI") keeps its files: the page comes back
 * listing them, with their ids in hidden fields, and nobody attaches a photo twice. A file that is
 * itself refused (type, size, corrupt) is never stored; unused uploads go with the daily purge.
 */
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../core/context';
import type { Database } from '../db/database';
import { AppError } from '../core/errors';
import type { AttachmentStore } from '../attachments/attachment-store';
import { checkAttachmentCount, type AttachmentInput } from '../attachments/attach-files';
import { prepareFiles } from '../attachments/prepare-file';
import { uploadAttachment } from '../attachments/commands/upload-attachment';
import { pendingUploads } from '../attachments/queries/pending-uploads';
import type { KeptAttachment } from './attachments-view';

/** Ids as `newAttachmentId` makes them (base64url); anything else cannot be one. */
const UPLOAD_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function postedUploadIds(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const raw = (body as Record<string, unknown>).attachmentIds;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return [...new Set(list.filter((v): v is string => typeof v === 'string' && UPLOAD_ID.test(v)))];
}

export interface PageUploads {
  /** For the command: upload ids only (the form's files are uploads by now). */
  input: AttachmentInput;
  /** What the form shows again if it is refused. */
  kept: KeptAttachment[];
  /** A refused file (415, 413, 422) or too many: the form shows it, nothing else is done. */
  error: AppError | null;
}

export interface PageUploadDeps {
  database: Database;
  clock: Clock;
  store: AttachmentStore;
}

export async function receivePageUploads(deps: PageUploadDeps, request: FastifyRequest): Promise<PageUploads> {
  const ids = postedUploadIds(request.body);
  let error: AppError | null = null;
  try {
    checkAttachmentCount({ files: request.uploads.map(() => null as never), uploadIds: ids });
    const files = await prepareFiles(deps.store, request.uploads, 'attachments', request.tempFiles);
    for (const file of files) ids.push((await uploadAttachment(deps, file)).id);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = err;
  }
  const kept = await pendingUploads(deps.database.db, ids);
  return { input: { files: [], uploadIds: ids }, kept, error };
}

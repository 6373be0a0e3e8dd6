/**
 * `POST /attachments`: store one file before the ticket, note or message it will go with exists
 * (a phone on a slow link uploads the photo first, then sends the form with its id). The row has
 * no ticket yet; the daily purge deletes it, and its file, if no ticket uses it within a day.
 */
import type { Database } from '../../db/database';
import type { Clock } from '../../core/context';
import type { AttachmentStore } from '../attachment-store';
import { insertAttachments } from '../attachments.repository';
import { newAttachmentId } from '../attach-files';
import type { PreparedFile } from '../prepare-file';
import { withStagedFiles } from '../staged-files';

export interface UploadedAttachment {
  id: string;
  name: string;
  type: string;
  size: number;
}

export async function uploadAttachment(deps: { database: Database; clock: Clock; store: AttachmentStore }, file: PreparedFile): Promise<UploadedAttachment> {
  const { db } = deps.database;
  const id = newAttachmentId();
  await withStagedFiles(deps.store, db, [file], () =>
    insertAttachments(db, [{ id, ticketId: null, eventId: null, messageId: null, sha256: file.sha256, name: file.name, type: file.type, size: file.size, position: 0, createdAt: deps.clock() }]),
  );
  return { id, name: file.name, type: file.type, size: file.size };
}

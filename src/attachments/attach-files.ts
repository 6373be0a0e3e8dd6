/**
 * Attaching, inside the caller's transaction (a ticket's filing, a note, a message): rows for the
 * files that came with the request and the claim of earlier uploads (`attachmentIds`). Any
 * refusal throws, so the caller's transaction — ticket, note or message included — rolls back.
 */
import { randomBytes } from 'node:crypto';
import type { Executor } from '../db/database';
import { AppError } from '../core/errors';
import { claimUpload, findUnusedUploads, insertAttachments, type AttachmentRecord } from './attachments.repository';
import type { PreparedFile } from './prepare-file';

export const MAX_ATTACHMENTS = 3;

/** What a request brings: files received with it (already prepared) and ids of earlier uploads. */
export interface AttachmentInput {
  files: PreparedFile[];
  uploadIds: string[];
}

export const NO_ATTACHMENTS: AttachmentInput = { files: [], uploadIds: [] };

export interface AttachmentTarget {
  ticketId: number;
  eventId?: number | null;
  messageId?: number | null;
}

export const newAttachmentId = (): string => randomBytes(16).toString('base64url');

/** 422 ATTACHMENTS_TOO_MANY past three, counting files and upload ids together. */
export function checkAttachmentCount(input: AttachmentInput, field = 'attachments'): void {
  if (input.files.length + new Set(input.uploadIds).size > MAX_ATTACHMENTS) {
    throw new AppError('ATTACHMENTS_TOO_MANY', { max: MAX_ATTACHMENTS }, { [field]: { key: 'attachment.tooMany', params: { max: MAX_ATTACHMENTS } } });
  }
}

export async function attachFiles(trx: Executor, target: AttachmentTarget, input: AttachmentInput, now: number): Promise<AttachmentRecord[]> {
  checkAttachmentCount(input);
  const ids = [...new Set(input.uploadIds)];
  const where = { ticketId: target.ticketId, eventId: target.eventId ?? null, messageId: target.messageId ?? null };
  const claimed: AttachmentRecord[] = [];
  if (ids.length) {
    const unused = await findUnusedUploads(trx, ids);
    const byId = new Map(unused.map((a) => [a.id, a]));
    for (const [position, id] of ids.entries()) {
      const upload = byId.get(id);
      // Unknown, already used by a ticket, or purged: the same answer, so ids cannot be probed.
      if (!upload || !(await claimUpload(trx, id, where, position))) {
        throw new AppError('ATTACHMENT_UNKNOWN', undefined, { attachmentIds: { key: 'attachment.unknown' } });
      }
      claimed.push({ ...upload, ...where, position });
    }
  }
  const created: AttachmentRecord[] = input.files.map((f, i) => ({
    id: newAttachmentId(),
    ...where,
    sha256: f.sha256,
    name: f.name,
    type: f.type,
    size: f.size,
    position: claimed.length + i,
    createdAt: now,
  }));
  await insertAttachments(trx, created);
  return [...claimed, ...created];
}

/**
 * Housekeeping for attachments (run by the daily purge): uploads no ticket used within a day go,
 * with their files when no other row names the same bytes; so do the attachments of tickets the
 * retention purge anonymised (a photo or a scanned form shows the requester); temporary files a crash left behind
 * in `.incoming/` go after an hour (no upload takes that long).
 */
import type { Executor } from '../../db/database';
import type { AttachmentStore } from '../attachment-store';
import { countRowsWithHash, purgeAnonymisedTicketAttachments, purgeUnusedUploads } from '../attachments.repository';

export const UNUSED_UPLOAD_MS = 24 * 3_600_000;
export const STALE_TEMP_MS = 3_600_000;

/** One batch: deletes up to `limit` unused uploads older than a day; returns how many rows went. */
export async function purgeUnusedAttachments(db: Executor, store: AttachmentStore, now: number, limit: number): Promise<number> {
  const { deleted, hashes } = await purgeUnusedUploads(db, now - UNUSED_UPLOAD_MS, limit);
  // The row goes first, the file after: an upload of the same bytes writes its row before
  // placing its file (and places it again after), so it never ends up with no file.
  for (const sha256 of hashes) if ((await countRowsWithHash(db, sha256)) === 0) await store.remove(sha256);
  return deleted;
}

/**
 * One batch: deletes up to `limit` attachments of anonymised tickets, rows first, then each file
 * no other row names; returns how many rows went. Tickets anonymised before this existed are
 * caught up the same way.
 */
export async function purgeAnonymisedAttachments(db: Executor, store: AttachmentStore, limit: number): Promise<number> {
  const { deleted, hashes } = await purgeAnonymisedTicketAttachments(db, limit);
  for (const sha256 of hashes) if ((await countRowsWithHash(db, sha256)) === 0) await store.remove(sha256);
  return deleted;
}

export const sweepStaleUploads = (store: AttachmentStore, now: number): Promise<number> => store.sweepIncoming(now, STALE_TEMP_MS);

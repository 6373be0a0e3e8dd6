/**
 * Files around a transaction. The prepared files are placed under their hash before the rows are
 * written and placed again after commit (a daily purge may have removed the same bytes in
 * between, seeing no row yet); if the work fails, each file no row names is removed at once. The
 * temporary files are gone in every case.
 */
import type { Executor } from '../db/database';
import type { AttachmentStore } from './attachment-store';
import { countRowsWithHash } from './attachments.repository';
import type { PreparedFile } from './prepare-file';

/** `work` around the request's files when it has any; `work` alone otherwise. */
export function withFilesIfAny<T>(store: AttachmentStore | undefined, db: Executor, files: PreparedFile[], work: () => Promise<T>): Promise<T> {
  if (!files.length) return work();
  if (!store) throw new Error('files given without an attachment store');
  return withStagedFiles(store, db, files, work);
}

export async function withStagedFiles<T>(store: AttachmentStore, db: Executor, files: PreparedFile[], work: () => Promise<T>): Promise<T> {
  try {
    for (const f of files) await store.place(f.file, f.sha256);
    const result = await work();
    for (const f of files) await store.place(f.file, f.sha256);
    return result;
  } catch (err) {
    for (const f of files) if ((await countRowsWithHash(db, f.sha256)) === 0) await store.remove(f.sha256);
    throw err;
  } finally {
    for (const f of files) await store.discard(f.file);
  }
}

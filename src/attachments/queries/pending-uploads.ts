import type { Executor } from '../../db/database';
import { findUnusedUploads } from '../attachments.repository';

/** Uploads (`POST /attachments`) not used by any ticket yet, in the order asked; unknown ids are left out. */
export async function pendingUploads(db: Executor, ids: readonly string[]): Promise<{ id: string; name: string; size: number }[]> {
  if (!ids.length) return [];
  const found = new Map((await findUnusedUploads(db, [...new Set(ids)])).map((a) => [a.id, a]));
  return ids.flatMap((id) => {
    const a = found.get(id);
    return a ? [{ id: a.id, name: a.name, size: a.size }] : [];
  });
}

/**
 * The attachment files in `npm run backup` / `npm run restore`: one `attachments/` folder beside
 * the database backups, with the same `ab/<sha256>` layout, shared by every backup there (an older
 * database copy needs a subset of today's files; pruning old database copies keeps them all). Files are named by their content,
 * so a file already in the destination is the same file and is skipped; each copy goes through
 * a temporary name, so an interrupted backup never leaves a truncated file under a hash name.
 * Run after the database copy: a row in that copy always has its file here (a file is placed
 * before its row is written).
 */
import { copyFile, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const HASH_RE = /^[0-9a-f]{64}$/;

export interface CopyReport {
  copied: number;
  skipped: number;
  bytes: number;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Copies every stored file (`ab/<sha256>`) of `from` that `to` does not have yet. */
export async function copyAttachmentFiles(from: string, to: string): Promise<CopyReport> {
  const report: CopyReport = { copied: 0, skipped: 0, bytes: 0 };
  const shards = await readdir(from).catch(() => [] as string[]);
  for (const shard of shards.sort()) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of (await readdir(join(from, shard))).sort()) {
      if (!HASH_RE.test(name)) continue;
      const target = join(to, shard, name);
      if (await exists(target)) {
        report.skipped++;
        continue;
      }
      await mkdir(join(to, shard), { recursive: true });
      const temp = `${target}.partial`;
      await copyFile(join(from, shard, name), temp);
      await rename(temp, target);
      report.copied++;
      report.bytes += (await stat(target)).size;
    }
  }
  return report;
}

/** Where the attachments of a database backup go: `attachments/` in the same folder. */
export const attachmentsBackupDir = (backupFile: string): string => join(dirname(backupFile), 'attachments');

/** Free space where the database, the backups and the attachments are written. */
import { existsSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config/config';
import { sqlitePath } from '../db/backup';
import { ok, problem, type CheckResult } from './report';

/** The folders ITIMS writes to, with what each holds. */
export function dataFolders(config: Config): { what: string; path: string }[] {
  const folders: { what: string; path: string }[] = [];
  if (config.databaseUrl.startsWith('sqlite:')) folders.push({ what: 'base de datos', path: dirname(resolve(sqlitePath(config.databaseUrl))) });
  folders.push({ what: 'respaldos', path: resolve(config.backup.dir) });
  folders.push({ what: 'adjuntos', path: resolve(config.attachments.dir) });
  return folders;
}

/** The folder itself, or its nearest parent that exists (a folder created on first use). */
function existing(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

export function checkDisk(config: Config, folders = dataFolders(config)): CheckResult[] {
  return folders.map(({ what, path }) => {
    const area = `Disco (${what})`;
    const stats = statfsSync(existing(path));
    const freeMb = Math.floor((Number(stats.bavail) * Number(stats.bsize)) / 1024 / 1024);
    if (freeMb < config.diskMinFreeMb) {
      return problem(
        area,
        `quedan ${freeMb} MB libres en ${path} (mínimo pedido: ${config.diskMinFreeMb} MB, DISK_MIN_FREE_MB)`,
        'libere espacio (respaldos antiguos en BACKUP_DIR, journalctl --vacuum-size=200M) o amplíe el disco; sin espacio, la base de datos deja de aceptar tickets.',
      );
    }
    return ok(area, `${freeMb} MB libres en ${path}`);
  });
}

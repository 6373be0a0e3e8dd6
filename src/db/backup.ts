/**
 * Backups. SQLite: an online backup (the server may keep running; SQLite's backup API copies a
 * consistent snapshot even with WAL writers). PostgreSQL and MariaDB: their own dump tools
 * (`dump.ts`); `backupGuidance` prints the commands for doing it by hand.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { dialectFromUrl } from './database';
import { dumpDatabase, restoreDump } from './dump';

/** File names of backups: `itims-YYYYMMDD-HHMMSS[-label].sqlite|.dump|.sql` (UTC), sortable by name. */
const SCHEDULED_BACKUP_NAME = /^itims-\d{8}-\d{6}\.(sqlite|dump|sql)$/;

export function backupFileName(databaseUrl: string, at: Date, label?: string): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const dialect = dialectFromUrl(databaseUrl);
  const ext = dialect === 'sqlite' ? 'sqlite' : dialect === 'postgres' ? 'dump' : 'sql';
  return `itims-${stamp}${label ? `-${label}` : ''}.${ext}`;
}

/**
 * Backs the database up to `destination` with the right tool for its dialect (SQLite's online
 * backup, checked with integrity_check; pg_dump; mariadb-dump) and returns the size in bytes.
 */
export async function backupDatabase(databaseUrl: string, destination: string): Promise<number> {
  if (dialectFromUrl(databaseUrl) === 'sqlite') return (await backupSqlite(databaseUrl, destination)).bytes;
  return dumpDatabase(databaseUrl, destination);
}

/** Replaces the database with a backup made by `backupDatabase` (stop ITIMS first). */
export async function restoreDatabase(databaseUrl: string, file: string): Promise<void> {
  if (dialectFromUrl(databaseUrl) === 'sqlite') restoreSqlite(databaseUrl, file);
  else await restoreDump(databaseUrl, file);
}

/**
 * Deletes all but the `keep` newest scheduled backups in `dir`. Only unlabelled files named by
 * `backupFileName` count: a labelled one (`-antes-de-actualizar`) stays until someone deletes it.
 */
export function pruneBackups(dir: string, keep: number): string[] {
  if (keep <= 0 || !existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => SCHEDULED_BACKUP_NAME.test(f) && statSync(join(dir, f)).isFile())
    .sort()
    .reverse();
  const removed = files.slice(keep);
  for (const f of removed) rmSync(join(dir, f));
  return removed;
}

export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.slice('sqlite:'.length);
}

/** Copies a live SQLite database to `destination` and checks the copy's integrity. */
export async function backupSqlite(databaseUrl: string, destination: string): Promise<{ pages: number; bytes: number }> {
  const source = new SQLite(sqlitePath(databaseUrl), { fileMustExist: true });
  try {
    mkdirSync(dirname(destination), { recursive: true });
    // All pages in one step, inside one read transaction: copied 100 pages at a time (the
    // default), every write by the running server between two steps restarts the copy from the
    // first page, and a busy server keeps a backup from ever finishing.
    const result = await source.backup(destination, { progress: () => 0x7fffffff });
    const copy = new SQLite(destination);
    try {
      // One self-contained file: the copy inherits WAL mode, which leaves -wal and -shm files beside it.
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`La copia no pasó la verificación de integridad: ${String(check)}`);
      const pageSize = Number(copy.pragma('page_size', { simple: true }));
      return { pages: result.totalPages, bytes: result.totalPages * pageSize };
    } finally {
      copy.close();
    }
  } finally {
    source.close();
  }
}

/**
 * Restores a SQLite backup over the database of `databaseUrl` (the server must be stopped).
 * The current file is kept as `<file>.before-restore`.
 */
export function restoreSqlite(databaseUrl: string, backupFile: string): void {
  const target = sqlitePath(databaseUrl);
  const check = new SQLite(backupFile, { readonly: true, fileMustExist: true });
  try {
    const ok = check.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`El respaldo está dañado: ${String(ok)}`);
  } finally {
    check.close();
  }
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(target)) renameSync(target, `${target}.before-restore`);
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(backupFile, target);
}

export function backupGuidance(databaseUrl: string, destination: string): string {
  const dialect = dialectFromUrl(databaseUrl);
  const u = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  const db = u.pathname.slice(1);
  if (dialect === 'postgres') {
    return [
      'PostgreSQL: use pg_dump (consistent while the server runs):',
      `  pg_dump --format=custom --file=${destination}.dump "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`,
      'Restore into an empty database:',
      `  pg_restore --clean --if-exists --no-owner --dbname="<URL de la base>" ${destination}.dump`,
    ].join('\n');
  }
  return [
    'MariaDB/MySQL: use mariadb-dump (consistent for InnoDB with --single-transaction):',
    `  mariadb-dump --single-transaction --routines -h ${u.hostname} -P ${u.port || 3306} -u ${decodeURIComponent(u.username) || 'root'} -p ${db} > ${destination}.sql`,
    'Restore:',
    `  mariadb -h ${u.hostname} -P ${u.port || 3306} -u ${decodeURIComponent(u.username) || 'root'} -p ${db} < ${destination}.sql`,
  ].join('\n');
}

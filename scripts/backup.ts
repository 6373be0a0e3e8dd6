/**
 * `npm run backup [-- --out FILE]` — backs up the database of DATABASE_URL while the server keeps
 * running: SQLite's online backup (checked with integrity_check), pg_dump or mariadb-dump. Without
 * `--out` the file goes to BACKUP_DIR as itims-YYYYMMDD-HHMMSS.sqlite|.dump|.sql and only the
 * BACKUP_KEEP newest such files are kept (the systemd timer runs this every night).
 * `npm run restore -- FILE` — replaces the database with a backup (stop ITIMS first). The current
 * data is first backed up beside the others as itims-…-antes-de-restaurar.*.
 * Attachment files (ATTACHMENTS_DIR) go to one `attachments/` folder beside the backup file, after
 * the database (every row of the copy then has its file); being named by their content, only new
 * files are copied, and restore brings back those the server's folder lacks.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, readProcessEnv } from '../src/config/config';
import { backupDatabase, backupFileName, pruneBackups, restoreDatabase } from '../src/db/backup';
import { attachmentsBackupDir, copyAttachmentFiles } from '../src/attachments/attachments-backup';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' }, restore: { type: 'boolean', default: false } }, allowPositionals: true });
let config;
try {
  config = loadConfig(readProcessEnv());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(78);
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

try {
  if (values.restore) {
    const file = positionals[0];
    if (!file) {
      console.error('Indique el archivo de respaldo: npm run restore -- /var/lib/itims/backups/itims-….sqlite');
      process.exit(2);
    }
    const safety = join(config.backup.dir, backupFileName(config.databaseUrl, new Date(), 'antes-de-restaurar'));
    const bytes = await backupDatabase(config.databaseUrl, safety).catch(() => null);
    if (bytes !== null) console.log(`Datos actuales guardados en ${safety} (${mb(bytes)}).`);
    await restoreDatabase(config.databaseUrl, file);
    const files = await copyAttachmentFiles(attachmentsBackupDir(file), config.attachments.dir);
    console.log(`Adjuntos restaurados en ${config.attachments.dir}: ${files.copied} archivos nuevos, ${files.skipped} ya estaban.`);
    console.log(`Restaurado ${file}. Inicie ITIMS de nuevo (systemctl start itims-web itims-worker).`);
  } else {
    const out = values.out ?? join(config.backup.dir, backupFileName(config.databaseUrl, new Date()));
    const bytes = await backupDatabase(config.databaseUrl, out);
    console.log(`Respaldo listo: ${out} (${mb(bytes)}).`);
    const files = await copyAttachmentFiles(config.attachments.dir, attachmentsBackupDir(out));
    console.log(`Adjuntos en ${attachmentsBackupDir(out)}: ${files.copied} archivos nuevos (${mb(files.bytes)}), ${files.skipped} ya estaban.`);
    if (!values.out) {
      const removed = pruneBackups(config.backup.dir, config.backup.keep);
      if (removed.length) console.log(`Respaldos antiguos borrados (se guardan los ${config.backup.keep} más recientes): ${removed.join(', ')}`);
    }
  }
} catch (err) {
  console.error(`${values.restore ? 'No se pudo restaurar' : 'No se pudo hacer el respaldo'}: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}

/**
 * `npm run backup [-- --out backups/itims-YYYYMMDD-HHMM.sqlite]` — online backup of the SQLite
 * database of DATABASE_URL (the server may keep running). For PostgreSQL and MariaDB it prints the
 * pg_dump / mariadb-dump commands to use.
 * `npm run restore -- <file>` — restores a SQLite backup (stop the server first).
 */
import { parseArgs } from 'node:util';
import { loadConfig, readProcessEnv } from '../src/config/config';
import { backupGuidance, backupSqlite, restoreSqlite } from '../src/db/backup';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' }, restore: { type: 'boolean', default: false } }, allowPositionals: true });
const config = loadConfig(readProcessEnv());
const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');

if (values.restore) {
  const file = positionals[0];
  if (!file) {
    console.error('Indique el archivo de respaldo: npm run restore -- backups/itims-….sqlite');
    process.exit(2);
  }
  if (!config.databaseUrl.startsWith('sqlite:')) {
    console.error(backupGuidance(config.databaseUrl, file.replace(/\.(dump|sql)$/, '')));
    process.exit(2);
  }
  restoreSqlite(config.databaseUrl, file);
  console.log(`Restaurado ${file} en ${config.databaseUrl}. La base anterior quedó como *.before-restore.`);
} else {
  const out = values.out ?? `backups/itims-${stamp}.sqlite`;
  if (!config.databaseUrl.startsWith('sqlite:')) {
    console.log(backupGuidance(config.databaseUrl, out.replace(/\.sqlite$/, '')));
  } else {
    const r = await backupSqlite(config.databaseUrl, out);
    console.log(`Respaldo listo: ${out} (${(r.bytes / 1024 / 1024).toFixed(1)} MB, verificado con integrity_check).`);
  }
}

/**
 * `npm run upgrade` — run after the new version's code is in place and built, with ITIMS stopped:
 * backs the database up (BACKUP_DIR, itims-…-antes-de-actualizar.*), applies the new migrations,
 * and prints how to go back to the previous version. `--force` skips the "is it still running?"
 * check (for a server on another port or host).
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, readProcessEnv } from '../src/config/config';
import { MigrationFailed, UpgradeRefused, upgradeDatabase } from '../src/db/upgrade';
import { createDatabase } from '../src/db/database';
import { sealTotpSecretsAtStart } from '../src/auth/totp/totp-secrets';

const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } } });
let config;
try {
  config = loadConfig(readProcessEnv());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(78);
}

async function stillRunning(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

/** The commit checked out before this one (git's reflog), to name it in the rollback steps. */
function previousCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD@{1}'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '<versión anterior>';
  }
}

if (!values.force && config.port !== 0 && (await stillRunning(config.port))) {
  console.error(`ITIMS sigue en marcha en el puerto ${config.port}. Deténgalo primero: sudo systemctl stop itims-web itims-worker`);
  process.exit(1);
}
try {
  const result = await upgradeDatabase({ databaseUrl: config.databaseUrl, backupDir: config.backup.dir, now: new Date() });
  {
    console.log(`1. Respaldo tomado: ${result.backupFile} (${(result.backupBytes / 1024 / 1024).toFixed(1)} MB).`);
    console.log(result.applied.length ? `2. Migraciones aplicadas: ${result.applied.join(', ')}.` : '2. Migraciones: ninguna pendiente, la base de datos ya estaba al día.');
    // TOTP secrets stored in plaintext by an earlier release are sealed with the installation key now.
    const database = createDatabase(config.databaseUrl);
    try {
      const sealing = await sealTotpSecretsAtStart({ db: database.db, secretKey: config.secretKey });
      if (sealing.message) console.log(`   ${sealing.ok ? '' : 'ATENCIÓN: '}${sealing.message}`);
      if (!sealing.ok) process.exitCode = 1;
    } finally {
      await database.close();
    }
    console.log('3. Inicie ITIMS: sudo systemctl start itims-web itims-worker  y revise: npm run doctor');
    console.log('');
    console.log('Para volver a la versión anterior (si algo falla):');
    console.log('  sudo systemctl stop itims-web itims-worker');
    console.log(`  sudo -H -u itims git checkout ${previousCommit()} && sudo -H -u itims npm ci && sudo -H -u itims npm run build`);
    console.log(`  sudo -H -u itims npm run restore -- ${result.backupFile}`);
    console.log('  sudo systemctl start itims-web itims-worker');
  }
} catch (err) {
  if (err instanceof UpgradeRefused) console.error(err.message);
  else if (err instanceof MigrationFailed) console.error(`${err.message}\nVuelva a la versión anterior: restaure ${err.backupFile} (npm run restore -- ${err.backupFile}) con el código anterior.`);
  else console.error('No se pudo hacer el respaldo; la base de datos no se tocó:', err instanceof Error ? err.message : err);
  process.exitCode = 1;
}

/**
 * `npm run admin:reset-password [-- NEW_PASSWORD]` — a lost admin password (issue 13, finding 14).
 * Sets the password of the `admin` account in the database of DATABASE_URL (SQLite, PostgreSQL or
 * MariaDB, from the same settings as the server): the one given as argument, else ITIMS_ADMIN_PASSWORD,
 * else a new strong one printed once. Like an admin reset, it ends every session of `admin` and
 * revokes its API tokens; it also re-activates the account and forgets its sign-in lock-out.
 * The server may keep running. Exit codes: 0 done, 2 bad password, 78 invalid settings, 1 other.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, readProcessEnv } from '../src/config/config';
import { createDatabase } from '../src/db/database';
import { AppError } from '../src/core/errors';
import { recoverAdmin } from '../src/auth/commands/recover-admin';
import { MIN_PASSWORD_LENGTH } from '../src/auth/usernames';

const { positionals } = parseArgs({ allowPositionals: true });
let config;
try {
  config = loadConfig(readProcessEnv());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(78);
}

const given = positionals[0] ?? config.adminPassword;
const source = positionals[0] ? 'la indicada' : config.adminPassword ? 'la de ITIMS_ADMIN_PASSWORD' : null;
const database = createDatabase(config.databaseUrl);
try {
  const r = await recoverAdmin({ database, clock: Date.now }, given);
  if (r.created) console.log('No había usuario admin: se creó.');
  if (r.reactivated) console.log('La cuenta admin estaba desactivada: se activó de nuevo.');
  if (r.generated) {
    console.log(`\n  Usuario: admin   Contraseña nueva: ${r.password}\n  (se muestra solo esta vez; guárdela en un lugar seguro)\n`);
  } else {
    console.log(`Contraseña del usuario admin cambiada (${source}).`);
  }
  console.log(`Sesiones cerradas: ${r.sessionsEnded}. Tokens de API revocados: ${r.tokensRevoked}.`);
} catch (err) {
  if (err instanceof AppError && err.code === 'VALIDATION_FAILED') {
    console.error(`La contraseña debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres.`);
    process.exitCode = 2;
  } else {
    const detail = err instanceof Error ? err.message : String(err);
    console.error(`No se pudo cambiar la contraseña del admin en ${database.dialect}: ${detail}`);
    console.error('¿La base de datos de DATABASE_URL existe y tiene sus tablas? Arranque ITIMS una vez o ejecute npm run migrate.');
    process.exitCode = 1;
  }
} finally {
  await database.close();
}

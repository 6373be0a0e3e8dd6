/** The database answers, is at this release's schema, and its clock agrees with this machine's. */
import { existsSync } from 'node:fs';
import type { Config } from '../config/config';
import { createDatabase, dialectFromUrl, type Database } from '../db/database';
import { databaseNow } from '../db/database-clock';
import { sqlitePath } from '../db/backup';
import { migrationState } from '../db/migrate';
import { pingDatabase } from '../metrics/operations.repository';
import { ok, problem, skipped, warning, type CheckResult } from './report';

/** More than this between the two clocks makes time limits, schedules and charts disagree. */
export const MAX_CLOCK_SKEW_MS = 2_000;

const hidePassword = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

export async function checkDatabase(config: Config, now: () => number = Date.now): Promise<CheckResult[]> {
  const url = config.databaseUrl;
  const dialect = dialectFromUrl(url);
  if (dialect === 'sqlite' && !existsSync(sqlitePath(url))) {
    return [
      problem(
        'Base de datos',
        `el archivo ${sqlitePath(url)} no existe`,
        'si es la primera vez, inicie ITIMS (systemctl start itims-web) y se creará; si no, revise DATABASE_URL o restaure un respaldo (npm run restore -- ARCHIVO).',
      ),
    ];
  }
  let database: Database | null = null;
  try {
    database = createDatabase(url);
    try {
      await pingDatabase(database.db);
    } catch (err) {
      return [
        problem(
          'Base de datos',
          `no responde en ${hidePassword(url)}: ${err instanceof Error ? err.message : String(err)}`,
          dialect === 'sqlite'
            ? 'compruebe que el usuario itims pueda leer y escribir el archivo y su carpeta.'
            : `compruebe DATABASE_URL (servidor, puerto, usuario, contraseña, nombre de la base) en /etc/itims/itims.env y que el servidor esté en marcha (systemctl status ${dialect === 'postgres' ? 'postgresql' : 'mariadb'}).`,
        ),
      ];
    }
    const results = [ok('Base de datos', `responde (${dialect}, ${hidePassword(url)})`)];
    const state = await migrationState(database);
    if (state.unknown.length) {
      results.push(
        problem(
          'Migraciones',
          `la base tiene migraciones que esta versión no conoce: ${state.unknown.join(', ')}`,
          'una versión más nueva de ITIMS usó esta base: instale esa versión, o restaure el respaldo tomado antes de aquella actualización.',
        ),
      );
    } else if (state.pending.length) {
      results.push(
        problem(
          'Migraciones',
          `${state.pending.length} pendiente(s): ${state.pending.join(', ')}`,
          'detenga ITIMS y ejecute npm run upgrade (toma un respaldo y aplica las migraciones); luego inícielo.',
        ),
      );
    } else {
      results.push(ok('Migraciones', 'al día'));
    }
    results.push(await checkClock(database, now));
    return results;
  } finally {
    await database?.close();
  }
}

async function checkClock(database: Database, now: () => number): Promise<CheckResult> {
  const before = now();
  const server = await databaseNow(database);
  const after = now();
  if (server === null) return skipped('Reloj', 'SQLite usa el reloj de esta máquina');
  // The server read its clock somewhere during the round trip: compare with the midpoint.
  const skew = server - (before + after) / 2;
  const seconds = (Math.abs(skew) / 1000).toFixed(1);
  if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
    return warning(
      'Reloj',
      `el reloj de la base de datos va ${seconds} s ${skew > 0 ? 'adelantado' : 'atrasado'} respecto de esta máquina`,
      'sincronice ambas máquinas con NTP (apt-get install systemd-timesyncd; timedatectl set-ntp true) y compruebe con timedatectl.',
    );
  }
  return ok('Reloj', `la base de datos y esta máquina difieren en ${seconds} s`);
}

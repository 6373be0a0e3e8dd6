/**
 * `npm run worker`: the outbox worker alone (Telegram notices, reminders, Telegram long polling),
 * for when the web processes run with IN_PROCESS_WORKER=0. Safe to run in several instances on
 * PostgreSQL or MariaDB. SIGTERM/SIGINT: running jobs finish or go back to the queue.
 */
import { ConfigError, loadConfig, readProcessEnv } from './config/config';
import { createDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { createContext } from './core/context';
import { startBackground } from './background';
import type { WorkerLog } from './jobs/worker';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** One JSON line per event, like the web process's pino logs. */
function jsonLog(level: string): WorkerLog {
  const min = level === 'silent' ? Infinity : LEVELS.indexOf(level);
  const write = (name: string) => (obj: object, msg: string) => {
    if (LEVELS.indexOf(name) < min) return;
    console.log(JSON.stringify({ level: name, time: Date.now(), name: 'itims-worker', msg, ...obj }));
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(readProcessEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const log = jsonLog(config.logLevel);
  const database = createDatabase(config.databaseUrl, { backgroundCheckpoints: true });
  await migrateToLatest(database);
  const ctx = createContext(config, database);
  const background = await startBackground(ctx, { log });
  log.info({ database: database.dialect, telegram: config.telegram.botToken ? config.telegram.mode : 'off' }, 'trabajador de ITIMS en marcha');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'cerrando');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await background.stop();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('El trabajador de ITIMS no pudo arrancar:', err instanceof Error ? err.message : err);
  process.exit(1);
});

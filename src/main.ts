/**
 * The server process: configuration → database → migrations → first admin → (demo data) →
 * HTTP server → background work. `npm start` runs it with demo data (DEMO=1 unless set).
 */
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, readProcessEnv } from './config/config';
import { createDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { buildApp } from './http/app';
import { startBackground } from './background';
import { createContext } from './core/context';
import { ensureAdmin } from './auth/commands/ensure-admin';
import { ensureCalendar } from './sla/sla-policy';
import { configuredAdminPasswordState } from './auth/commands/recover-admin';
import { seedDemo } from './demo/seed-demo';
import { measureRequestRate } from './http/request-rate';
import { sealTotpSecretsAtStart } from './auth/totp/totp-secrets';

/** Far above a help desk's normal traffic (a page and its assets), far below a stress test. */
const BUSY_REQUESTS_PER_SECOND = 200;

async function main(): Promise<void> {
  const startedAt = performance.now();
  const withDemoDefault = process.argv.includes('--demo');
  let config;
  try {
    const env = { ...readProcessEnv() };
    if (withDemoDefault && env.DEMO === undefined) env.DEMO = '1';
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }

  const database = createDatabase(config.databaseUrl, { backgroundCheckpoints: true });
  await migrateToLatest(database);
  // TOTP secrets from before encryption are sealed here (a migration cannot read the key).
  const sealing = await sealTotpSecretsAtStart({ db: database.db, secretKey: config.secretKey });
  const ctx = createContext(config, database);
  const admin = await ensureAdmin(database.db, config.adminPassword, ctx.clock());
  await ensureCalendar(database.db, database.dialect, config.timeZone, ctx.clock());
  // ITIMS_ADMIN_PASSWORD only creates the first admin; on a later start it is never applied (a value
  // left in the settings must not undo a password changed since): say so when it no longer matches.
  const configuredAdmin = !admin.created && config.adminPassword ? await configuredAdminPasswordState({ database }, config.adminPassword) : null;
  const demo = config.demo ? await seedDemo(database, ctx.clock, config.timeZone) : null;

  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  // The outbox worker (Telegram notices, reminders) runs here unless `npm run worker` runs it apart.
  // Under a burst (hundreds of requests a second) answering people comes first: the worker then
  // claims jobs at most every 100 ms and catches up as soon as the burst is over.
  const requests = measureRequestRate(app.server);
  const background = config.inProcessWorker ? await startBackground(ctx, { log: app.log, worker: { yieldWhile: () => requests.perSecond() >= BUSY_REQUESTS_PER_SECOND } }) : null;
  // The banner comes after every start-up log line (the listen line, the background's first pass)
  // so the address and the admin password are the last thing on the screen.
  await new Promise((resolve) => setImmediate(resolve));
  const ms = Math.round(performance.now() - startedAt);
  // PORT=0 (tests, scripts) picks a free port: show the real one.
  const url = config.port === 0 ? `http://${printableHost(config.host)}:${(app.server.address() as AddressInfo).port}` : config.publicBaseUrl;
  const demoNote = demo ? ', datos de demostración cargados' : config.demo ? ', datos de demostración' : '';
  console.log(`\n  ITIMS listo en ${url}  (arranque: ${ms} ms, base de datos: ${database.dialect}${demoNote})`);
  console.log(`  Panel del personal: ${url}/staff   ·   API: ${url}/api/docs`);
  if (config.demo && (config.host === '127.0.0.1' || config.host === '::1')) {
    console.log('  Solo accesible desde este equipo: los datos de demostración tienen contraseñas publicadas (defina HOST=0.0.0.0 para abrirlo a la red).');
  } else if (config.demo) {
    console.log(`  ATENCIÓN: datos de demostración (contraseñas publicadas) accesibles desde la red en ${config.host}.`);
  }
  if (admin.generatedPassword) {
    console.log(`\n  Usuario: admin   Contraseña: ${admin.generatedPassword}`);
    console.log('  (se muestra solo esta vez; cámbiela en su perfil o defina ITIMS_ADMIN_PASSWORD)\n');
  } else if (admin.created) {
    console.log('\n  Usuario: admin   Contraseña: la de ITIMS_ADMIN_PASSWORD\n');
  }
  if (sealing.message && !sealing.ok) {
    app.log.error(sealing.message);
    console.log(`\n  ATENCIÓN: ${sealing.message}\n`);
  } else if (sealing.message) {
    app.log.info(sealing.message);
  }
  if (configuredAdmin === 'differs') {
    const why =
      'ITIMS_ADMIN_PASSWORD no se aplicó: el usuario admin ya existe con otra contraseña, y la variable solo crea el primer admin ' +
      '(así una contraseña cambiada en el perfil no se pierde al reiniciar). Para aplicarla: npm run admin:reset-password';
    app.log.warn(why);
    console.log(`\n  ${why}\n`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'cerrando');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      await background?.stop();
      await database.close();
    } catch (err) {
      console.error('ITIMS no pudo cerrar limpiamente:', err instanceof Error ? err.message : err);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function printableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

main().catch((err) => {
  console.error('ITIMS no pudo arrancar:', err instanceof Error ? err.message : err);
  process.exit(1);
});

/** `npm run migrate`: brings the database of DATABASE_URL to the latest schema. */
import { ConfigError, loadConfig, readProcessEnv } from '../config/config';
import { createDatabase } from './database';
import { migrateToLatest } from './migrate';

let config;
try {
  config = loadConfig(readProcessEnv());
} catch (err) {
  // Same as the server: one clear line per problem, no stack trace.
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(78);
}
const database = createDatabase(config.databaseUrl);
try {
  const applied = await migrateToLatest(database);
  console.log(applied.length ? `Migraciones aplicadas: ${applied.join(', ')}` : 'La base de datos ya estaba al día.');
} catch (err) {
  console.error('No se pudieron aplicar las migraciones:', err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await database.close();
}

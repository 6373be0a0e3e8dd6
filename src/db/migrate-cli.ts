/** `npm run migrate`: brings the database of DATABASE_URL to the latest schema. */
import { loadConfig, readProcessEnv } from '../config/config';
import { createDatabase } from './database';
import { migrateToLatest } from './migrate';

const config = loadConfig(readProcessEnv());
const database = createDatabase(config.databaseUrl);
try {
  const applied = await migrateToLatest(database);
  console.log(applied.length ? `Migraciones aplicadas: ${applied.join(', ')}` : 'La base de datos ya estaba al día.');
} finally {
  await database.close();
}

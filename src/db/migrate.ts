/** Runs the migrations (on start, and by `npm run migrate`). */
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database';
import * as initialModel from './migrations/2026-11-26-0001-initial-model';
import * as metricsIndexes from './migrations/2026-11-26-0002-metrics-indexes';
import * as metricsRollups from './migrations/2026-11-27-0003-metrics-rollups';
import * as housekeepingIndexes from './migrations/2026-11-27-0004-housekeeping-indexes';
import * as assets from './migrations/2026-12-02-0070-assets';

/** Migrations in order, named with a date. Listed statically so no file-system scan is needed. */
const migrations: Record<string, Migration> = {
  '2026-11-26-0001-initial-model': initialModel,
  '2026-11-26-0002-metrics-indexes': metricsIndexes,
  '2026-11-27-0003-metrics-rollups': metricsRollups,
  '2026-11-27-0004-housekeeping-indexes': housekeepingIndexes,
  '2026-12-02-0070-assets': assets,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider, migrationTableName: 'itims_migrations', migrationLockTableName: 'itims_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

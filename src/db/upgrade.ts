/**
 * The database half of an upgrade (`npm run upgrade`): refuse a database that a newer release
 * already migrated, back it up (always: new code may write data differently even without a new
 * migration), apply the migrations, and return what a rollback needs (the backup file).
 */
import { join } from 'node:path';
import { backupDatabase, backupFileName } from './backup';
import { createDatabase } from './database';
import { migrateToLatest, migrationState } from './migrate';

export interface UpgradeResult {
  /** The backup taken before migrating. */
  backupFile: string;
  backupBytes: number;
  applied: string[];
}

export class UpgradeRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpgradeRefused';
  }
}

/** A migration failed after the backup was taken: restore `backupFile`. */
export class MigrationFailed extends Error {
  constructor(
    readonly backupFile: string,
    cause: unknown,
  ) {
    super(`Una migración falló: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationFailed';
  }
}

export async function upgradeDatabase(options: { databaseUrl: string; backupDir: string; now: Date }): Promise<UpgradeResult> {
  const database = createDatabase(options.databaseUrl);
  try {
    const state = await migrationState(database);
    if (state.unknown.length) {
      throw new UpgradeRefused(
        `La base de datos ya tiene migraciones que esta versión no conoce (${state.unknown.join(', ')}): una versión más nueva de ITIMS la actualizó. Instale esa versión, o restaure el respaldo tomado antes de aquella actualización.`,
      );
    }
    const backupFile = join(options.backupDir, backupFileName(options.databaseUrl, options.now, 'antes-de-actualizar'));
    const backupBytes = await backupDatabase(options.databaseUrl, backupFile);
    const applied = await migrateToLatest(database).catch((err: unknown) => {
      throw new MigrationFailed(backupFile, err);
    });
    return { backupFile, backupBytes, applied };
  } finally {
    await database.close();
  }
}

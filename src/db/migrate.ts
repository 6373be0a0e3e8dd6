/** Runs the migrations (on start, and by `npm run migrate`). */
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database';
import * as initialModel from './migrations/2026-11-26-0001-initial-model';
import * as metricsIndexes from './migrations/2026-11-26-0002-metrics-indexes';
import * as metricsRollups from './migrations/2026-11-27-0003-metrics-rollups';
import * as housekeepingIndexes from './migrations/2026-11-27-0004-housekeeping-indexes';
import * as faqNeedsTicket from './migrations/2026-12-02-0030-faq-needs-ticket';
import * as attachments from './migrations/2026-12-02-0060-attachments';
import * as assets from './migrations/2026-12-02-0070-assets';
import * as signIn from './migrations/2026-12-02-0180-sign-in-and-personal-data';
import * as totpSecretWidth from './migrations/2026-12-02-0181-totp-secret-width';
import * as conversation from './migrations/2026-12-02-0050-conversation';
import * as incidents from './migrations/2026-12-02-0160-incidents';
import * as incidentSuggestions from './migrations/2026-12-02-0161-incident-suggestions';
import * as incidentRequesterSide from './migrations/2026-12-02-0165-incident-requester-side';
import * as prioritiesSla from './migrations/2026-12-02-0150-priorities-sla';
import * as linkTokenExpiryIndex from './migrations/2026-12-02-0100-link-token-expiry-index';
import * as faqVectors from './migrations/2026-12-02-0175-faq-vectors';
import * as resolutionBusinessMinutes from './migrations/2026-12-03-0195-resolution-business-minutes';
import * as staffUpdatedIndex from './migrations/2026-12-03-0204-staff-updated-index';
import * as queueIndexIncident from './migrations/2026-12-03-0205-queue-index-incident';

/** Migrations in order, named with a date. Listed statically so no file-system scan is needed. */
const migrations: Record<string, Migration> = {
  '2026-11-26-0001-initial-model': initialModel,
  '2026-11-26-0002-metrics-indexes': metricsIndexes,
  '2026-11-27-0003-metrics-rollups': metricsRollups,
  '2026-11-27-0004-housekeeping-indexes': housekeepingIndexes,
  '2026-12-02-0030-faq-needs-ticket': faqNeedsTicket,
  '2026-12-02-0050-conversation': conversation,
  '2026-12-02-0060-attachments': attachments,
  '2026-12-02-0070-assets': assets,
  '2026-12-02-0150-priorities-sla': prioritiesSla,
  '2026-12-02-0160-incidents': incidents,
  '2026-12-02-0161-incident-suggestions': incidentSuggestions,
  '2026-12-02-0165-incident-requester-side': incidentRequesterSide,
  '2026-12-02-0180-sign-in-and-personal-data': signIn,
  '2026-12-02-0181-totp-secret-width': totpSecretWidth,
  '2026-12-02-0100-link-token-expiry-index': linkTokenExpiryIndex,
  '2026-12-02-0175-faq-vectors': faqVectors,
  '2026-12-03-0195-resolution-business-minutes': resolutionBusinessMinutes,
  '2026-12-03-0204-staff-updated-index': staffUpdatedIndex,
  '2026-12-03-0205-queue-index-incident': queueIndexIncident,
};

/**
 * Engineers land migrations from parallel branches, so one named earlier than a migration a database
 * already has can arrive later (a test or pilot server that ran `main` between two landings). Kysely
 * refuses that by default ("corrupted migrations"); the server would then not start. Our migrations
 * are independent of one another by rule (each creates or alters its own tables and columns, and is
 * re-runnable on MariaDB), so a late one is simply applied: still in name order among the pending ones.
 */
const ALLOW_UNORDERED_MIGRATIONS = true;

function migrator(database: Database, list: Record<string, Migration>): Migrator {
  return new Migrator({
    db: database.db,
    provider: { getMigrations: async () => list } satisfies MigrationProvider,
    migrationTableName: 'itims_migrations',
    migrationLockTableName: 'itims_migrations_lock',
    allowUnorderedMigrations: ALLOW_UNORDERED_MIGRATIONS,
  });
}

/**
 * Applies every pending migration (`list` defaults to this release's; tests pass older or partial
 * lists) and returns the names applied, in the order they ran.
 */
export async function migrateToLatest(database: Database, list: Record<string, Migration> = migrations): Promise<string[]> {
  const { error, results } = await migrator(database, list).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface MigrationState {
  /** This release's migrations the database has not run yet, in the order they would run. */
  pending: string[];
  /** Migrations the database has run that this release does not know (a newer release ran on it). */
  unknown: string[];
}

/** What `migrateToLatest` would do, without doing it (for `npm run doctor` and `npm run upgrade`). */
export async function migrationState(database: Database, list: Record<string, Migration> = migrations): Promise<MigrationState> {
  const known = await migrator(database, list).getMigrations();
  const pending = known.filter((m) => m.executedAt === undefined).map((m) => m.name);
  const tables = await database.db.introspection.getTables();
  if (!tables.some((t) => t.name === 'itims_migrations')) return { pending, unknown: [] };
  const executed = await sql<{ name: string }>`select name from itims_migrations`.execute(database.db);
  const names = new Set(Object.keys(list));
  return {
    pending,
    unknown: executed.rows
      .map((r) => r.name)
      .filter((n) => !names.has(n))
      .sort(),
  };
}

/** Names of this release's migrations, in name order. */
export function releaseMigrations(): string[] {
  return Object.keys(migrations).sort();
}

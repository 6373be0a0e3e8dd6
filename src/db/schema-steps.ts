/**
 * The steps the migrations share, written once: which dialect runs, whether a column exists, and
 * creating or dropping an index so that a step can run again after a crash half-way (MariaDB has
 * no transactional DDL). Imports Kysely only, never application code.
 *
 * Migrations that have run depend on what these generate: change a function here only if the SQL
 * it sends stays the same for every dialect (`src/db/migrate.test.ts` compares the schema a fresh
 * run creates); anything new is a new function.
 */
import { MysqlAdapter, PostgresAdapter, type Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

export function dialectOf(db: Kysely<any>): Dialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof MysqlAdapter) return 'mysql';
  return 'sqlite';
}

export async function hasColumn(db: Kysely<any>, table: string, column: string): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === table && t.columns.some((c) => c.name === column));
}

/** `CREATE [UNIQUE] INDEX IF NOT EXISTS`; MariaDB has no `IF NOT EXISTS` there, so an index already there is let be. */
export async function createIndex(db: Kysely<any>, dialect: Dialect, name: string, table: string, columns: string[], unique = false): Promise<void> {
  let b = db.schema.createIndex(name).on(table).columns(columns);
  if (unique) b = b.unique();
  if (dialect !== 'mysql') b = b.ifNotExists();
  await b.execute().catch((err: unknown) => {
    if (dialect === 'mysql' && String((err as { code?: string }).code) === 'ER_DUP_KEYNAME') return;
    throw err;
  });
}

/** `DROP INDEX IF EXISTS` (MariaDB: `DROP INDEX … ON table`, a missing one let be unless `missingOk` is false). */
export async function dropIndex(db: Kysely<any>, dialect: Dialect, name: string, table: string, missingOk = true): Promise<void> {
  let b = db.schema.dropIndex(name);
  b = dialect === 'mysql' ? b.on(table) : b.ifExists();
  await b.execute().catch((err: unknown) => {
    if (missingOk && dialect === 'mysql' && String((err as { code?: string }).code) === 'ER_CANT_DROP_FIELD_OR_KEY') return;
    throw err;
  });
}

export type IndexDefinition = [name: string, table: string, columns: string[]];

/** A migration that only adds indexes: `up` creates them (re-runnable), `down` drops them, last first. */
export function indexesMigration(indexes: IndexDefinition[]): { up(db: Kysely<any>): Promise<void>; down(db: Kysely<any>): Promise<void> } {
  return {
    async up(db) {
      const dialect = dialectOf(db);
      for (const [name, table, columns] of indexes) await createIndex(db, dialect, name, table, columns);
    },
    async down(db) {
      const dialect = dialectOf(db);
      for (const [name, table] of [...indexes].reverse()) await dropIndex(db, dialect, name, table, false);
    },
  };
}

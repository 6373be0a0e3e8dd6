import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { describeEachDialect } from './app';
import { createEmptyTestDatabase, createTestDatabase, TEMPLATES_ENV, type TestDatabase } from './databases';

/** Everything the migrations define, in a comparable form: tables, columns, indexes, keys, and the rows they wrote. */
async function schemaOf(database: Database): Promise<unknown> {
  const { db, dialect } = database;
  const migrations = (await sql<{ name: string }>`select name from itims_migrations order by name`.execute(db)).rows;
  const lock = (await sql`select * from metrics_rollup_lock`.execute(db)).rows;
  if (dialect === 'sqlite') {
    const objects = (await sql`select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(db)).rows;
    return { objects, migrations, lock };
  }
  if (dialect === 'postgres') {
    const columns = (
      await sql`select table_name, column_name, data_type, column_default, is_nullable, character_maximum_length
                from information_schema.columns where table_schema = 'public' order by table_name, column_name`.execute(db)
    ).rows;
    const indexes = (await sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname`.execute(db)).rows;
    const constraints = (
      await sql`select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def from pg_constraint
                where connamespace = 'public'::regnamespace order by tbl, conname`.execute(db)
    ).rows;
    return { columns, indexes, constraints, migrations, lock };
  }
  const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = database() order by table_name`.execute(db)).rows;
  const creates: string[] = [];
  for (const { name } of tables) {
    const row = (await sql<Record<string, string>>`show create table ${sql.id(name)}`.execute(db)).rows[0]!;
    creates.push(row['Create Table']!.replace(/ AUTO_INCREMENT=\d+/, ''));
  }
  return { creates, migrations, lock };
}

describeEachDialect('test databases cloned from the run’s migrated template', (dialect) => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of opened) await d.drop();
  });

  it('are the schema a fresh migration builds, with the rows it writes', async () => {
    // The unit suite's global setup made the template this test compares against.
    expect(JSON.parse(process.env[TEMPLATES_ENV] ?? '{}')).toHaveProperty(dialect);
    const cloned = await createTestDatabase(dialect);
    opened.push(cloned);
    const migrated = await createEmptyTestDatabase(dialect);
    opened.push(migrated);
    await migrateToLatest(migrated);
    const expected = await schemaOf(migrated);
    expect(await schemaOf(cloned)).toEqual(expected);
    expect((expected as { migrations: unknown[] }).migrations.length).toBeGreaterThan(5);
  });

  it('are each their own: a row written in one clone is not in another', async () => {
    const a = await createTestDatabase(dialect);
    opened.push(a);
    const b = await createTestDatabase(dialect);
    opened.push(b);
    await sql`update metrics_rollup_lock set version = 41`.execute(a.db);
    expect((await sql<{ version: number }>`select version from metrics_rollup_lock`.execute(b.db)).rows.map((r) => Number(r.version))).toEqual([0]);
  });
});

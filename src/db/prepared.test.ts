import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/app';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/helpers/databases';
import { prepared } from './prepared';

describeEachDialect('prepared queries', (dialect) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase(dialect);
    await d.db
      .insertInto('categories')
      .values(['Impresoras', 'Internet', 'Correo', 'Otros'].map((name, i) => ({ name, sort_order: i * 10, is_other: name === 'Otros' ? 1 : 0, active: i === 2 ? 0 : 1, created_at: 1 })))
      .execute();
  });
  afterAll(() => d.drop());

  // Constants of the query (active = 1, the limit) stay; only the arguments change per call.
  const activeAfter = prepared((db, minSort: number, nameLike: string) =>
    db.selectFrom('categories').select('name').where('active', '=', 1).where('sort_order', '>=', minSort).where('name', 'like', nameLike).orderBy('sort_order').limit(2),
  );

  it('gives the same rows as building the query each time, for any arguments, in and out of transactions', async () => {
    for (const [minSort, like] of [
      [0, '%'],
      [10, 'I%'],
      [0, 'O%'],
      [99, '%'],
    ] as const) {
      const built = await d.db.selectFrom('categories').select('name').where('active', '=', 1).where('sort_order', '>=', minSort).where('name', 'like', like).orderBy('sort_order').limit(2).execute();
      expect(await activeAfter.rows(d.db, minSort, like)).toEqual(built);
    }
    expect(await activeAfter.rows(d.db, 0, '%')).toEqual([{ name: 'Impresoras' }, { name: 'Internet' }]);
    await d.db.transaction().execute(async (trx) => {
      await trx.updateTable('categories').set({ active: 0 }).where('name', '=', 'Impresoras').execute();
      expect(await activeAfter.first(trx, 0, '%')).toEqual({ name: 'Internet' });
      await trx.updateTable('categories').set({ active: 1 }).where('name', '=', 'Impresoras').execute();
    });
  });

  it('builds the same row objects as the driver: nulls of an outer join, numbers, repeated column names', async () => {
    const build = (db: typeof d.db, like: string) =>
      db
        .selectFrom('categories as a')
        .leftJoin('categories as b', (join) => join.onRef('b.id', '=', 'a.id').on('b.active', '=', 0))
        .select(['a.name', 'a.sort_order', 'b.name as inactiveName', 'a.id', 'b.id'])
        .where('a.name', 'like', like)
        .orderBy('a.id');
    const joined = prepared((db, like: string) => build(db as typeof d.db, like));
    for (const like of ['%', 'C%', 'nada%']) {
      const rows = await joined.rows(d.db, like);
      expect(rows).toEqual(await build(d.db, like).execute());
      expect(rows.map((r) => Object.keys(r))).toEqual((await build(d.db, like).execute()).map((r) => Object.keys(r)));
    }
    expect(await joined.rows(d.db, 'C%')).toEqual([expect.objectContaining({ name: 'Correo', sort_order: 20, inactiveName: 'Correo' })]);
    expect(await joined.first(d.db, 'I%')).toMatchObject({ name: 'Impresoras', sort_order: 0, inactiveName: null, id: null });
  });

  // On SQLite a read through the root instance may run straight on the connection; while
  // another unit of work holds a transaction on it, that would read its uncommitted rows.
  it('never shows a read through the root instance the uncommitted rows of an open transaction', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let changed!: () => void;
    const inside = new Promise<void>((resolve) => (changed = resolve));
    const rolledBack = d.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('categories').set({ active: 0 }).where('name', '=', 'Impresoras').execute();
        changed();
        await gate;
        throw new Error('deshacer');
      })
      .catch((err: Error) => err.message);
    await inside;
    const read = activeAfter.rows(d.db, 0, '%');
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect(await read).toEqual([{ name: 'Impresoras' }, { name: 'Internet' }]);
    expect(await rolledBack).toBe('deshacer');
  });

  it('refuses a builder whose argument shapes the SQL instead of being a value', async () => {
    const bad = prepared((db, column: string) => db.selectFrom('categories').select(column === 'x' ? 'id' : 'name'));
    await expect(bad.rows(d.db, 'name')).rejects.toThrow(/argumento 0/);
  });
});

// What PostgreSQL alone does with compiled queries (see `nameStatement` in database.ts); only
// when PostgreSQL is one of the chosen dialects (`TEST_DATABASES=sqlite` needs no server).
describe.runIf(testDialects().includes('postgres'))('prepared queries on PostgreSQL', () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase('postgres');
    await d.db
      .insertInto('categories')
      .values([
        { name: 'Internet', sort_order: 10, is_other: 0, active: 1, created_at: 1 },
        { name: 'Otros', sort_order: 30, is_other: 1, active: 1, created_at: 1 },
      ])
      .execute();
  });
  afterAll(() => d.drop());

  it('runs a compiled query as a named prepared statement, inside transactions too', async () => {
    // A query no other test runs, so no pooled connection has prepared it before.
    const byName = prepared((db, name: string) => db.selectFrom('categories').select(['name', 'sort_order']).where('name', '=', name).where('is_other', '>=', 0));
    await d.db.transaction().execute(async (trx) => {
      // One connection for the whole transaction: what it has prepared is visible to it.
      expect(await byName.rows(trx, 'Internet')).toEqual([{ name: 'Internet', sort_order: 10 }]);
      const statements = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(trx);
      const ours = statements.rows.filter((r) => r.statement.includes('"is_other" >='));
      expect(ours.map((r) => r.name)).toEqual([expect.stringMatching(/^itims_[0-9a-f]{24}$/)]);
      expect(await byName.rows(trx, 'Otros')).toEqual([{ name: 'Otros', sort_order: 30 }]);
    });
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
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
    for (const [minSort, like] of [[0, '%'], [10, 'I%'], [0, 'O%'], [99, '%']] as const) {
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

  it('refuses a builder whose argument shapes the SQL instead of being a value', async () => {
    const bad = prepared((db, column: string) => db.selectFrom('categories').select(column === 'x' ? 'id' : 'name'));
    await expect(bad.rows(d.db, 'name')).rejects.toThrow(/argumento 0/);
  });
});

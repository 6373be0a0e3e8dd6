import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql, type Transaction } from 'kysely';
import { describeEachDialect } from '../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { inGroupCommit } from './group-commit';
import type { DB } from './schema';

describeEachDialect('group commit', (dialect) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase(dialect);
  });
  afterAll(() => d.drop());

  const insertCategory = (trx: Transaction<DB>, name: string) => trx.insertInto('categories').values({ name, sort_order: 0, is_other: 0, active: 1, created_at: 1 }).execute();
  const names = async (prefix: string) => (await d.db.selectFrom('categories').select('name').where('name', 'like', `${prefix}%`).orderBy('name').execute()).map((r) => r.name);

  it('stores every unit that succeeds, undoes only the units that fail, and tells each its own outcome', async () => {
    const transactions: Transaction<DB>[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        inGroupCommit(d, async (trx) => {
          transactions.push(trx);
          const name = `g1-${String(i).padStart(2, '0')}`;
          await insertCategory(trx, name);
          if (i === 7) throw new Error('unidad 7 falla después de escribir');
          // A statement error (duplicate name) half-way through a unit.
          if (i === 12) await insertCategory(trx, 'g1-00');
          return name;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<string>).value)).toHaveLength(18);
    expect((results[7] as PromiseRejectedResult).reason.message).toBe('unidad 7 falla después de escribir');
    expect(results[12]!.status).toBe('rejected');
    const stored = await names('g1-');
    expect(stored).toHaveLength(18);
    expect(stored).not.toContain('g1-07');
    expect(stored).not.toContain('g1-12');
    // SQLite (one writer) runs the units that arrived together in one transaction; the others one each.
    const distinct = new Set(transactions).size;
    if (dialect === 'sqlite') expect(distinct).toBeLessThan(20);
    else expect(distinct).toBe(20);
  });

  it('a single unit that fails leaves nothing behind', async () => {
    await expect(
      inGroupCommit(d, async (trx) => {
        await insertCategory(trx, 'g2-solo');
        throw new Error('falla');
      }),
    ).rejects.toThrow('falla');
    expect(await names('g2-')).toEqual([]);
  });

  if (dialect === 'sqlite') {
    // A foreign key checked only at COMMIT: the group's shared commit fails because of this unit.
    const orphanOffice = async (trx: Transaction<DB>) => {
      await sql`pragma defer_foreign_keys = on`.execute(trx);
      await trx.insertInto('offices').values({ name: 'huérfana', code: null, parent_id: 999_999, active: 1, created_at: 1, updated_at: 1 }).execute();
    };

    it('when the shared commit fails, runs each unit again alone: the others are stored, the culprit hears its own error', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          inGroupCommit(d, async (trx) => {
            await insertCategory(trx, `g3-${i}`);
            if (i === 2) await orphanOffice(trx);
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
      expect(await names('g3-')).toEqual(['g3-0', 'g3-1', 'g3-3', 'g3-4']);
      // The writer is usable afterwards.
      await inGroupCommit(d, (trx) => insertCategory(trx, 'g3-after'));
      expect(await names('g3-')).toEqual(['g3-0', 'g3-1', 'g3-3', 'g3-4', 'g3-after']);
    });

    it('does not keep an error caused by rows of a failed shared commit that never existed', async () => {
      const results = await Promise.allSettled([
        // Unit 1 takes the name, then makes the shared commit fail.
        inGroupCommit(d, async (trx) => {
          await insertCategory(trx, 'g4-same');
          await orphanOffice(trx);
        }),
        // Unit 2 meets unit 1's row inside the group (a duplicate) — a row that is never stored.
        inGroupCommit(d, (trx) => insertCategory(trx, 'g4-same')),
      ]);
      expect(results[0]!.status).toBe('rejected');
      expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
      expect(results[1]!.status).toBe('fulfilled');
      expect(await names('g4-')).toEqual(['g4-same']);
    });
  }
});

/**
 * One batch of a retention purge, written once for every table that has one: read the keys of at
 * most `limit` rows that meet every condition (in `orderBy` when given), then delete those keys —
 * checking the conditions again unless told, so a row changed since it was read is left alone.
 * Small statements on a big table; the caller runs it again until it returns 0.
 */
import type { Kysely } from 'kysely';
import type { Executor } from './database';
import type { DB } from './schema';

export type PurgeCondition = [column: string, operator: '<' | '<=' | '=', value: string | number];

export async function purgeBatch(db: Executor, batch: { table: keyof DB; key: string; where: PurgeCondition[]; orderBy?: string[]; limit: number; recheck?: boolean }): Promise<number> {
  // The table and its columns are chosen by the caller's repository; the query is the same for each.
  const anyDb = db as unknown as Kysely<any>;
  let select = anyDb.selectFrom(batch.table).select(batch.key);
  for (const [column, operator, value] of batch.where) select = select.where(column, operator, value);
  for (const column of batch.orderBy ?? []) select = select.orderBy(column);
  const rows = await select.limit(batch.limit).execute();
  if (!rows.length) return 0;
  const keys = rows.map((row) => row[batch.key] as string | number);
  let remove = anyDb.deleteFrom(batch.table).where(batch.key, 'in', keys);
  if (batch.recheck !== false) for (const [column, operator, value] of batch.where) remove = remove.where(column, operator, value);
  const r = await remove.executeTakeFirst();
  return Number(r.numDeletedRows);
}

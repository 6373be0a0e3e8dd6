/**
 * An index on `staff.updated_at` (issue 15): the assistant reads the directory's fingerprint on every
 * question (so a name imported a moment ago is masked at once), and `max(updated_at)` without an index
 * read the whole table — ~80 ms a question at 100,000 people, the `/chat` p95 target being 20 ms. With
 * it, the fingerprint's maxima are index lookups. Re-runnable (MariaDB has no IF NOT EXISTS here).
 */
import { MysqlAdapter, type Kysely } from 'kysely';

const isMysql = (db: Kysely<any>) => db.getExecutor().adapter instanceof MysqlAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const create = db.schema.createIndex('staff_updated_idx').on('staff').column('updated_at');
  if (!isMysql(db)) return void (await create.ifNotExists().execute());
  await create.execute().catch((err: { code?: string }) => {
    if (err.code !== 'ER_DUP_KEYNAME') throw err;
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await (isMysql(db) ? db.schema.dropIndex('staff_updated_idx').on('staff') : db.schema.dropIndex('staff_updated_idx').ifExists()).execute();
}

/**
 * Index for deleting Telegram link tokens by expiry: every "Seguir por Telegram" press adds an
 * anonymous row, and the daily purge deletes the expired ones (issue 13, finding 11) — without an
 * index, a full scan of a table an attacker could have grown. Portable; re-runnable on MariaDB
 * (no transactional DDL). Never imports application code.
 */
import { MysqlAdapter, type Kysely } from 'kysely';

const NAME = 'link_tokens_expires_idx';
const isMysql = (db: Kysely<any>) => db.getExecutor().adapter instanceof MysqlAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const mysql = isMysql(db);
  let b = db.schema.createIndex(NAME).on('link_tokens').columns(['expires_at']);
  if (!mysql) b = b.ifNotExists();
  await b.execute().catch((err: unknown) => {
    if (mysql && String((err as { code?: string }).code) === 'ER_DUP_KEYNAME') return;
    throw err;
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  let b = db.schema.dropIndex(NAME);
  b = isMysql(db) ? b.on('link_tokens') : b.ifExists();
  await b.execute();
}

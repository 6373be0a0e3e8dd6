/**
 * Indexes for deleting by age: failed sign-ins by time (a failed login deletes the day-old ones —
 * a full scan per failed login before, which an attacker's stream of failures made quadratic),
 * Telegram update ids by arrival and sessions by expiry (the daily purge and each login).
 * Portable; re-runnable on MariaDB (no transactional DDL). Never imports application code.
 */
import { MysqlAdapter, type Kysely } from 'kysely';

const INDEXES: [name: string, table: string, columns: string[]][] = [
  ['login_attempts_at_idx', 'login_attempts', ['at']],
  ['telegram_updates_received_idx', 'telegram_updates', ['received_at']],
  ['sessions_expires_idx', 'sessions', ['expires_at']],
];

const isMysql = (db: Kysely<any>) => db.getExecutor().adapter instanceof MysqlAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const mysql = isMysql(db);
  for (const [name, table, columns] of INDEXES) {
    let b = db.schema.createIndex(name).on(table).columns(columns);
    if (!mysql) b = b.ifNotExists();
    await b.execute().catch((err: unknown) => {
      if (mysql && String((err as { code?: string }).code) === 'ER_DUP_KEYNAME') return;
      throw err;
    });
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const mysql = isMysql(db);
  for (const [name, table] of [...INDEXES].reverse()) {
    let b = db.schema.dropIndex(name);
    if (mysql) b = b.on(table);
    else b = b.ifExists();
    await b.execute();
  }
}

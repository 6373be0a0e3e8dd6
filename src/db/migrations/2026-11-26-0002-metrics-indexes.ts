/**
 * Covering indexes for the indicators (issue 6): the summary of a month on a million tickets
 * reads index entries only — tickets by registration time, their notifications by ticket,
 * assistant interactions and notifications by time — instead of visiting table rows.
 * Portable; re-runnable on MariaDB (no transactional DDL). Never imports application code.
 */
import { MysqlAdapter, type Kysely } from 'kysely';

const INDEXES: [name: string, table: string, columns: string[]][] = [
  ['tickets_metrics_created_idx', 'tickets', ['created_at', 'status', 'resolved_at', 'first_action_at', 'office_id', 'category_id']],
  ['tickets_metrics_resolved_idx', 'tickets', ['resolved_at', 'status', 'created_at', 'office_id', 'category_id']],
  ['notifications_metrics_ticket_idx', 'notifications', ['ticket_id', 'status', 'user_id', 'created_at', 'sent_at', 'opened_at']],
  ['notifications_metrics_created_idx', 'notifications', ['created_at', 'status', 'user_id', 'opened_at', 'sent_at', 'ticket_id']],
  ['assistant_interactions_metrics_idx', 'assistant_interactions', ['created_at', 'source', 'escalated']],
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

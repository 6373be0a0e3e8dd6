/**
 * The whole model. Portable across SQLite, PostgreSQL and MariaDB/MySQL; MariaDB has no
 * transactional DDL, so this migration is written to be re-runnable table by table
 * (`ifNotExists`). It never imports application code.
 */
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import { createIndex, dialectOf } from '../schema-steps';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);

  const table = (name: string, withId = true) => {
    let t: CreateTableBuilder<any, any> = db.schema.createTable(name).ifNotExists();
    if (withId) {
      t = dialect === 'postgres' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
    }
    if (dialect === 'mysql') {
      t = t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    }
    return t;
  };
  const index = (name: string, tableName: string, columns: string[], unique = false) => createIndex(db, dialect, name, tableName, columns, unique);
  // Long text: TEXT is 64 KB on MariaDB, enough for descriptions (4,000 chars) and FAQ answers.
  const text = 'text';

  await table('offices')
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('code', 'varchar(40)')
    .addColumn('parent_id', 'integer', (c) => c.references('offices.id'))
    .addColumn('active', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('offices_name_idx', 'offices', ['name']);
  await index('offices_code_uq', 'offices', ['code'], true);
  await index('offices_parent_idx', 'offices', ['parent_id']);

  await table('staff')
    .addColumn('dni', 'varchar(8)', (c) => c.notNull())
    .addColumn('first_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('last_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('phone', 'varchar(20)')
    .addColumn('active', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('staff_dni_uq', 'staff', ['dni'], true);
  await index('staff_last_name_idx', 'staff', ['last_name']);

  await table('staff_offices')
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('office_id', 'integer', (c) => c.notNull().references('offices.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .execute();
  await index('staff_offices_staff_year_uq', 'staff_offices', ['staff_id', 'year'], true);
  await index('staff_offices_office_idx', 'staff_offices', ['office_id', 'year']);

  await table('categories')
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_other', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('categories_name_uq', 'categories', ['name'], true);

  await table('users')
    .addColumn('username', 'varchar(60)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('active', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('on_duty', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('telegram_chat_id', 'varchar(32)')
    .addColumn('telegram_username', 'varchar(64)')
    .addColumn('telegram_linked_at', 'bigint')
    .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('users_username_uq', 'users', ['username'], true);
  await index('users_telegram_chat_idx', 'users', ['telegram_chat_id']);

  await table('sessions', false)
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('sessions_user_idx', 'sessions', ['user_id']);

  await table('api_tokens')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await index('api_tokens_hash_uq', 'api_tokens', ['token_hash'], true);
  await index('api_tokens_user_idx', 'api_tokens', ['user_id']);

  await table('login_attempts')
    .addColumn('username', 'varchar(60)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await index('login_attempts_user_ip_idx', 'login_attempts', ['username', 'ip', 'at']);

  await table('tickets')
    .addColumn('code', 'varchar(16)', (c) => c.notNull())
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('office_id', 'integer', (c) => c.notNull().references('offices.id'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id'))
    .addColumn('description', text, (c) => c.notNull())
    .addColumn('contact_phone', 'varchar(20)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('assignee_id', 'integer', (c) => c.references('users.id'))
    .addColumn('queued_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('first_action_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .execute();
  await index('tickets_code_uq', 'tickets', ['code'], true);
  // The FIFO queue: waiting tickets, oldest first.
  await index('tickets_status_queue_idx', 'tickets', ['status', 'queued_at', 'id']);
  await index('tickets_staff_created_idx', 'tickets', ['staff_id', 'created_at']);
  await index('tickets_assignee_status_idx', 'tickets', ['assignee_id', 'status']);
  await index('tickets_created_idx', 'tickets', ['created_at', 'id']);
  await index('tickets_resolved_idx', 'tickets', ['resolved_at']);
  await index('tickets_office_created_idx', 'tickets', ['office_id', 'created_at']);
  await index('tickets_category_created_idx', 'tickets', ['category_id', 'created_at']);

  await table('ticket_events')
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(16)')
    .addColumn('to_status', 'varchar(16)')
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', text)
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await index('ticket_events_ticket_idx', 'ticket_events', ['ticket_id', 'at']);
  await index('ticket_events_actor_idx', 'ticket_events', ['actor_user_id', 'at']);

  await table('ticket_surveys', false)
    .addColumn('ticket_id', 'integer', (c) => c.primaryKey().references('tickets.id'))
    .addColumn('score', 'smallint', (c) => c.notNull())
    .addColumn('comment', text)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('ticket_surveys_created_idx', 'ticket_surveys', ['created_at']);

  await table('ticket_subscriptions')
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('chat_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('ticket_subscriptions_uq', 'ticket_subscriptions', ['ticket_id', 'chat_id'], true);

  await table('idempotency_keys', false)
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response_body', text, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('idempotency_keys_created_idx', 'idempotency_keys', ['created_at']);

  await table('faqs')
    .addColumn('question', 'varchar(300)', (c) => c.notNull())
    .addColumn('answer', text, (c) => c.notNull())
    .addColumn('keywords', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('category_id', 'integer', (c) => c.references('categories.id'))
    .addColumn('active', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await table('assistant_interactions')
    .addColumn('public_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'varchar(8)', (c) => c.notNull())
    .addColumn('model', 'varchar(120)')
    .addColumn('models_tried', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('prompt_tokens', 'integer')
    .addColumn('completion_tokens', 'integer')
    .addColumn('faq_id', 'integer')
    .addColumn('escalated', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('helpful', 'smallint')
    .addColumn('feedback_at', 'bigint')
    .execute();
  await index('assistant_interactions_public_uq', 'assistant_interactions', ['public_id'], true);
  await index('assistant_interactions_created_idx', 'assistant_interactions', ['created_at']);

  await table('llm_models', false)
    .addColumn('model', 'varchar(120)', (c) => c.primaryKey())
    .addColumn('unavailable_until', 'bigint')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'varchar(500)')
    .addColumn('last_success_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await table('notifications')
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('chat_id', 'varchar(32)')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('telegram_message_id', 'varchar(32)')
    .addColumn('error', 'varchar(500)')
    .addColumn('link_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('opened_at', 'bigint')
    .addColumn('opened_via', 'varchar(16)')
    .addColumn('acted_at', 'bigint')
    .execute();
  await index('notifications_link_token_uq', 'notifications', ['link_token'], true);
  await index('notifications_ticket_idx', 'notifications', ['ticket_id', 'user_id']);
  await index('notifications_created_idx', 'notifications', ['created_at']);
  await index('notifications_user_idx', 'notifications', ['user_id', 'created_at']);

  await table('jobs')
    .addColumn('type', 'varchar(60)', (c) => c.notNull())
    .addColumn('payload', text, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_by', 'varchar(100)')
    .addColumn('locked_until', 'bigint')
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('dedupe_key', 'varchar(200)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Due jobs: status + run_at. A unique dedupe key makes "one message per ticket and
  // technician" a database guarantee (NULLs are distinct on all three engines).
  await index('jobs_due_idx', 'jobs', ['status', 'run_at', 'id']);
  await index('jobs_dedupe_uq', 'jobs', ['dedupe_key'], true);

  await table('telegram_updates', false)
    .addColumn('update_id', 'bigint', (c) => c.primaryKey())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();

  await table('link_tokens', false)
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await table('settings', false)
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', text, (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await table('admin_notices')
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('message', 'varchar(1000)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'admin_notices',
    'settings',
    'link_tokens',
    'telegram_updates',
    'jobs',
    'notifications',
    'llm_models',
    'assistant_interactions',
    'faqs',
    'idempotency_keys',
    'ticket_subscriptions',
    'ticket_surveys',
    'ticket_events',
    'tickets',
    'login_attempts',
    'api_tokens',
    'sessions',
    'users',
    'categories',
    'staff_offices',
    'staff',
    'offices',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}

/**
 * Sign-in the institution already has, and accountability for personal data (issue 22):
 * - `users.auth_source` (`local` | `ldap`): directory accounts sign in against LDAP/AD only;
 * - the second factor (TOTP, RFC 6238) on `users`, and `totp_recovery_codes` (SHA-256 only);
 * - `personal_data_access`: who read a requester's DNI or phone, when and where (never the value);
 * - `account_events`: audited account changes (second factor reset, directory deactivation);
 * - `tickets.anonymised_at`: the retention purge anonymised this ticket's requester data.
 * Portable across SQLite, PostgreSQL and MariaDB; MariaDB has no transactional DDL, so every step
 * can run again after a crash half-way. Never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf, hasColumn, createIndex, dropIndex, type Dialect } from '../schema-steps';

function idColumn(table: any, dialect: Dialect) {
  return dialect === 'postgres' ? table.addColumn('id', 'serial', (c: any) => c.primaryKey()) : table.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement());
}

function mysqlEnd(table: any, dialect: Dialect) {
  return dialect === 'mysql' ? table.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : table;
}

const USER_COLUMNS: [string, string, (c: any) => any][] = [
  ['auth_source', 'varchar(10)', (c) => c.notNull().defaultTo('local')],
  // Base32 secrets (160 bits = 32 characters): the confirmed one, and one being enrolled.
  ['totp_secret', 'varchar(64)', (c) => c],
  ['totp_pending_secret', 'varchar(64)', (c) => c],
  ['totp_enabled_at', 'bigint', (c) => c],
  // The last accepted 30-second step: a code of that step or an earlier one is a replay.
  ['totp_last_step', 'bigint', (c) => c],
];

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  for (const [name, type, build] of USER_COLUMNS) {
    if (!(await hasColumn(db, 'users', name)))
      await db.schema
        .alterTable('users')
        .addColumn(name, type as any, build)
        .execute();
  }

  let codes = idColumn(db.schema.createTable('totp_recovery_codes').ifNotExists(), dialect)
    .addColumn('user_id', 'integer', (c: any) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('created_at', 'bigint', (c: any) => c.notNull())
    .addColumn('used_at', 'bigint');
  codes = mysqlEnd(codes, dialect);
  await codes.execute();
  await createIndex(db, dialect, 'totp_recovery_codes_user_idx', 'totp_recovery_codes', ['user_id', 'code_hash']);

  let access = idColumn(db.schema.createTable('personal_data_access').ifNotExists(), dialect)
    .addColumn('at', 'bigint', (c: any) => c.notNull())
    .addColumn('user_id', 'integer', (c: any) => c.notNull().references('users.id'))
    // Where it was read: ticket_page, ticket_api, ticket_search, staff_directory, export.
    .addColumn('kind', 'varchar(20)', (c: any) => c.notNull())
    // Which data: "dni", "phone" or "dni,phone" — never the value itself.
    .addColumn('fields', 'varchar(40)', (c: any) => c.notNull())
    .addColumn('ticket_id', 'integer')
    // Whose data (the directory person), when one person's data was read.
    .addColumn('staff_id', 'integer')
    // How many people's data one read showed (a directory page, an export).
    .addColumn('people', 'integer', (c: any) => c.notNull().defaultTo(1));
  access = mysqlEnd(access, dialect);
  await access.execute();
  await createIndex(db, dialect, 'personal_data_access_at_idx', 'personal_data_access', ['at']);
  await createIndex(db, dialect, 'personal_data_access_staff_idx', 'personal_data_access', ['staff_id', 'at']);
  await createIndex(db, dialect, 'personal_data_access_user_idx', 'personal_data_access', ['user_id', 'at']);

  let events = idColumn(db.schema.createTable('account_events').ifNotExists(), dialect)
    .addColumn('at', 'bigint', (c: any) => c.notNull())
    .addColumn('user_id', 'integer', (c: any) => c.notNull().references('users.id'))
    // Who did it (null: the directory, at sign-in).
    .addColumn('actor_user_id', 'integer')
    .addColumn('type', 'varchar(40)', (c: any) => c.notNull())
    .addColumn('detail', 'varchar(200)');
  events = mysqlEnd(events, dialect);
  await events.execute();
  await createIndex(db, dialect, 'account_events_user_idx', 'account_events', ['user_id', 'at']);

  if (!(await hasColumn(db, 'tickets', 'anonymised_at'))) {
    await db.schema.alterTable('tickets').addColumn('anonymised_at', 'bigint').execute();
  }
  // The retention purge looks for tickets closed before a cutoff and not yet anonymised.
  await createIndex(db, dialect, 'tickets_closed_anon_idx', 'tickets', ['closed_at', 'anonymised_at']);
}

export async function down(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  await dropIndex(db, dialect, 'tickets_closed_anon_idx', 'tickets');
  if (await hasColumn(db, 'tickets', 'anonymised_at')) await db.schema.alterTable('tickets').dropColumn('anonymised_at').execute();
  await db.schema.dropTable('account_events').ifExists().execute();
  await db.schema.dropTable('personal_data_access').ifExists().execute();
  await db.schema.dropTable('totp_recovery_codes').ifExists().execute();
  for (const [name] of [...USER_COLUMNS].reverse()) {
    if (await hasColumn(db, 'users', name)) await db.schema.alterTable('users').dropColumn(name).execute();
  }
}

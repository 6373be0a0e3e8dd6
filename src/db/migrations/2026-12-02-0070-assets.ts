/**
 * Equipment by código patrimonial (issue 21): the `assets` registry and the ticket's optional
 * `asset_id`. Portable across SQLite, PostgreSQL and MariaDB; MariaDB has no transactional DDL,
 * so every step can run again after a crash half-way (`ifNotExists`, and the new column is only
 * added when it is missing). Never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf, hasColumn, createIndex } from '../schema-steps';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  let table = db.schema.createTable('assets').ifNotExists();
  table = dialect === 'postgres' ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  table = table
    // The código patrimonial, digits only (the SBN's codes are 12; other registries use fewer).
    .addColumn('code', 'varchar(20)', (c) => c.notNull())
    .addColumn('description', 'varchar(200)', (c) => c.notNull())
    .addColumn('brand', 'varchar(80)')
    .addColumn('model', 'varchar(80)')
    .addColumn('serial', 'varchar(80)')
    .addColumn('office_id', 'integer', (c) => c.notNull().references('offices.id'))
    .addColumn('custodian_staff_id', 'integer', (c) => c.references('staff.id'))
    .addColumn('active', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  if (dialect === 'mysql') table = table.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await table.execute();
  await createIndex(db, dialect, 'assets_code_uq', 'assets', ['code'], true);
  await createIndex(db, dialect, 'assets_office_idx', 'assets', ['office_id', 'code']);
  await createIndex(db, dialect, 'assets_custodian_idx', 'assets', ['custodian_staff_id']);

  if (!(await hasColumn(db, 'tickets', 'asset_id'))) {
    await db.schema
      .alterTable('tickets')
      .addColumn('asset_id', 'integer', (c) => c.references('assets.id'))
      .execute();
  }
  // An asset's tickets, newest first (the asset page, the staff ticket page's history, the ranking).
  await createIndex(db, dialect, 'tickets_asset_idx', 'tickets', ['asset_id', 'created_at']);
}

export async function down(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  let drop = db.schema.dropIndex('tickets_asset_idx');
  drop = dialect === 'mysql' ? drop.on('tickets') : drop.ifExists();
  await drop.execute();
  if (await hasColumn(db, 'tickets', 'asset_id')) {
    if (dialect === 'mysql') {
      // MariaDB names the foreign key itself; it must go before the column.
      const fks = await sql<{ name: string }>`SELECT CONSTRAINT_NAME AS name FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tickets' AND COLUMN_NAME = 'asset_id' AND REFERENCED_TABLE_NAME IS NOT NULL`.execute(db);
      for (const fk of fks.rows) await sql`ALTER TABLE tickets DROP FOREIGN KEY ${sql.id(fk.name)}`.execute(db);
    }
    await db.schema.alterTable('tickets').dropColumn('asset_id').execute();
  }
  await db.schema.dropTable('assets').ifExists().execute();
}

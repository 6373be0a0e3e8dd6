/**
 * TOTP secrets are stored encrypted (AES-256-GCM, `v1.` + base64url of nonce, ciphertext and
 * tag: 83 characters for a 32-character secret), no longer as 32 Base32 characters: the two
 * columns widen from 64 to 255. The plaintext secrets already stored are sealed at the next start
 * (src/auth/totp/totp-secrets.ts), not here: migrations never read the configuration, and the key
 * is configuration. SQLite does not enforce a varchar length, so there is nothing to do there.
 * Widening is idempotent on PostgreSQL and MariaDB. Never imports application code.
 */
import { MysqlAdapter, PostgresAdapter, sql, type Kysely } from 'kysely';

const COLUMNS = ['totp_secret', 'totp_pending_secret'] as const;

async function setWidth(db: Kysely<any>, width: number): Promise<void> {
  const adapter = db.getExecutor().adapter;
  for (const column of COLUMNS) {
    if (adapter instanceof PostgresAdapter) {
      await sql`ALTER TABLE users ALTER COLUMN ${sql.ref(column)} TYPE varchar(${sql.lit(width)})`.execute(db);
    } else if (adapter instanceof MysqlAdapter) {
      await sql`ALTER TABLE users MODIFY ${sql.ref(column)} varchar(${sql.lit(width)}) NULL`.execute(db);
    }
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await setWidth(db, 255);
}

/** Back to 64 only works while no sealed secret is stored (a sealed one does not fit). */
export async function down(db: Kysely<any>): Promise<void> {
  await setWidth(db, 64);
}

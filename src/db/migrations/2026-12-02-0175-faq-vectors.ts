/**
 * The assistant's embeddings rerank (issue 15): `faq_vectors` caches the vector of each FAQ
 * entry's text, keyed by `vector_key` = sha256 of the embeddings model and the exact text, so an
 * entry is embedded again only when its content (or the model) changes. In the database, not in a
 * process, so every web instance shares one cache: the first to need a vector writes it, a second
 * writing the same key at once is skipped as a duplicate. `vector` is base64 of little-endian
 * float32 (portable text on the three databases). Never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../schema-steps';

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  let b = db.schema
    .createTable('faq_vectors')
    .ifNotExists()
    .addColumn('vector_key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('model', 'varchar(200)', (c) => c.notNull())
    .addColumn('dimensions', 'integer', (c) => c.notNull())
    .addColumn('vector', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  if (dialect === 'mysql') b = b.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await b.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('faq_vectors').ifExists().execute();
}

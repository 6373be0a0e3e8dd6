/**
 * SQL for the embeddings rerank's vector cache (`faq_vectors`, shared by every instance). Vectors
 * travel as base64 of little-endian float32 and leave as Float32Array.
 */
import type { Executor } from '../db/database';
import { insertUnlessDuplicate, skipDuplicate } from '../db/dialect';

export interface StoredVector {
  key: string;
  vector: Float32Array;
}

/** Keys are sha256 hex; reading in chunks keeps each IN list small on every database. */
const CHUNK = 200;

export async function readFaqVectors(db: Executor, keys: string[]): Promise<StoredVector[]> {
  const out: StoredVector[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db
      .selectFrom('faq_vectors')
      .select(['vector_key', 'vector'])
      .where('vector_key', 'in', keys.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) {
      const bytes = Buffer.from(r.vector, 'base64');
      out.push({ key: r.vector_key, vector: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) });
    }
  }
  return out;
}

/** Written unless another instance wrote the same key first (same model and text: the same vector). */
export async function saveFaqVector(db: Executor, row: { key: string; model: string; vector: Float32Array; now: number }): Promise<boolean> {
  const copy = Float32Array.from(row.vector);
  const values = {
    vector_key: row.key,
    model: row.model,
    dimensions: copy.length,
    vector: Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength).toString('base64'),
    created_at: row.now,
  };
  return insertUnlessDuplicate(db, skipDuplicate(db, db.insertInto('faq_vectors').values(values), ['vector_key']).executeTakeFirst());
}

/** Rows of this model whose text no active entry has any more (an edited or deleted entry). */
export async function deleteFaqVectorsExcept(db: Executor, model: string, keep: string[]): Promise<void> {
  let q = db.deleteFrom('faq_vectors').where('model', '=', model);
  if (keep.length) q = q.where('vector_key', 'not in', keep);
  await q.execute();
}

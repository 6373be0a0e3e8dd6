import type { DialectName, Executor } from './database';
import { insertUnlessDuplicate, skipDuplicate } from './dialect';
import { prepared } from './prepared';
import { purgeBatch } from './purge-batch';

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
}

const storedResponseQuery = prepared((db, key: string) => db.selectFrom('idempotency_keys').select(['request_hash', 'status_code', 'response_body']).where('key', '=', key));

// A key already stored is skipped, never raised: PostgreSQL would abort the caller's transaction.
const storeResponseQuery = prepared((db, key: string, requestHash: string, statusCode: number, responseBody: string, now: number) =>
  skipDuplicate(db, db.insertInto('idempotency_keys').values({ key, request_hash: requestHash, status_code: statusCode, response_body: responseBody, created_at: now }), ['key']),
);

export async function findStoredResponse(db: Executor, key: string): Promise<StoredResponse | null> {
  const r = await storedResponseQuery.first(db, key);
  return r ? { requestHash: r.request_hash, statusCode: r.status_code, body: JSON.parse(r.response_body) } : null;
}

/**
 * Stores the response for a key inside the caller's transaction. Returns false when another
 * request stored the same key first (the caller then rolls back and replays that response).
 */
export async function storeResponse(db: Executor, _dialect: DialectName, key: string, value: StoredResponse, now: number): Promise<boolean> {
  return insertUnlessDuplicate(db, storeResponseQuery.execute(db, key, value.requestHash, value.statusCode, JSON.stringify(value.body), now));
}

/**
 * Deletes up to `limit` stored responses created before `before`, oldest first (an index range
 * on `idempotency_keys_created_idx`); returns how many. Keys are read first, then deleted by key,
 * which works the same on the three engines (see `purgeDoneJobs`).
 */
export async function purgeStoredResponses(db: Executor, before: number, limit: number): Promise<number> {
  return purgeBatch(db, { table: 'idempotency_keys', key: 'key', where: [['created_at', '<', before]], orderBy: ['created_at'], limit });
}

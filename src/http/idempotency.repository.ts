import type { DialectName, Executor } from '../db/database';

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
}

export async function findStoredResponse(db: Executor, key: string): Promise<StoredResponse | null> {
  const r = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response_body'])
    .where('key', '=', key)
    .executeTakeFirst();
  return r ? { requestHash: r.request_hash, statusCode: r.status_code, body: JSON.parse(r.response_body) } : null;
}

/**
 * Stores the response for a key inside the caller's transaction. Returns false when another
 * request stored the same key first (the caller then rolls back and replays that response).
 */
export async function storeResponse(
  db: Executor,
  dialect: DialectName,
  key: string,
  value: StoredResponse,
  now: number,
): Promise<boolean> {
  const insert = db.insertInto('idempotency_keys').values({
    key,
    request_hash: value.requestHash,
    status_code: value.statusCode,
    response_body: JSON.stringify(value.body),
    created_at: now,
  });
  const result =
    dialect === 'mysql'
      ? await insert.ignore().executeTakeFirst()
      : await insert.onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

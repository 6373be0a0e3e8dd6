/**
 * The queue's index gains `incident_id` (issue 19): since major incidents, every read of the queue —
 * the page, take-next, and the count of waiting tickets beside the page — asks for registered tickets
 * with `incident_id IS NULL`, a column the index (status, lane, queued_at, id) did not hold, so the
 * count looked up every waiting ticket's row: at a million tickets with 12,000 waiting, the queue's
 * p50 went from 11.3 to 64.2 ms (`npm run bench:queue-ab`, docs/performance.md). The new index
 * (status, incident_id, lane, queued_at, id) answers the count from the index alone and serves the
 * queue order as before; it replaces the old one, so filing keeps the same number of indexes.
 */
import type { Kysely } from 'kysely';
import { createIndex, dialectOf, dropIndex } from '../schema-steps';

const OLD: [string, string[]] = ['tickets_status_lane_queue_idx', ['status', 'lane', 'queued_at', 'id']];
const NEW: [string, string[]] = ['tickets_waiting_queue_idx', ['status', 'incident_id', 'lane', 'queued_at', 'id']];

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  await createIndex(db, dialect, NEW[0], 'tickets', NEW[1]);
  await dropIndex(db, dialect, OLD[0], 'tickets');
}

export async function down(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  await createIndex(db, dialect, OLD[0], 'tickets', OLD[1]);
  await dropIndex(db, dialect, NEW[0], 'tickets');
}

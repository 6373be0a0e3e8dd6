import type { Executor } from '../../db/database';
import { readSlaPolicy } from '../../sla/sla-policy';
import { queueState, slaJudge, type SlaClock, type SlaState } from '../sla-urgency';
import { listWaitingTickets, type WaitingTicket } from '../ticket-lists.repository';
import { decodeCursor, paginate, DEFAULT_PAGE_SIZE } from './cursor';

/** `slaState` is the state of the `slaClock` clock: the first response, or the resolution once someone acted on it. */
export type QueueItem = WaitingTicket & { slaClock: SlaClock; slaState: SlaState };

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
}

/**
 * The queue in serving order (critical lane first, FIFO in each lane), one page at a time, each
 * ticket with how close its running clock is to its due instant at `now`.
 */
export async function listQueue(db: Executor, input: { cursor?: string; limit?: number; now: number }): Promise<QueuePage> {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const key = decodeCursor(input.cursor, 3);
  const [rows, policy] = await Promise.all([
    listWaitingTickets(db, key ? { lane: key[0] as number, queuedAt: key[1] as number, id: key[2] as number } : null, limit + 1),
    readSlaPolicy(db, input.now),
  ]);
  const page = paginate(rows, limit, (r) => [r.lane, r.queuedAt, r.id]);
  const judge = slaJudge(policy, input.now);
  // The rows are this call's own objects: the state is added to each instead of copying it.
  return { items: page.items.map((t) => Object.assign(t, queueState(judge, t))), nextCursor: page.nextCursor };
}

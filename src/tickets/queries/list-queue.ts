import type { Executor } from '../../db/database';
import { listWaitingTickets, type WaitingTicket } from '../ticket-lists.repository';
import { decodeCursor, paginate, DEFAULT_PAGE_SIZE } from './cursor';

export interface QueuePage {
  items: WaitingTicket[];
  nextCursor: string | null;
}

/** The queue in serving order (critical lane first, FIFO in each lane), one page at a time. */
export async function listQueue(db: Executor, input: { cursor?: string; limit?: number }): Promise<QueuePage> {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const key = decodeCursor(input.cursor, 3);
  const rows = await listWaitingTickets(db, key ? { lane: key[0] as number, queuedAt: key[1] as number, id: key[2] as number } : null, limit + 1);
  return paginate(rows, limit, (r) => [r.lane, r.queuedAt, r.id]);
}

import type { Executor } from '../../db/database';
import { readSlaPolicy } from '../../sla/sla-policy';
import { queueClock, queueState, slaJudge, type SlaClock, type SlaState } from '../sla-urgency';
import type { TicketListItem } from '../ticket-lists.repository';

/** The clock a list row is judged by and its state at `now`, as the queue items carry them. */
export interface RowSlaState {
  slaClock: SlaClock;
  slaState: SlaState;
}

const isOpen = (t: TicketListItem) => t.status !== 'resolved' && t.status !== 'cancelled';

/**
 * Amber and red on the staff ticket list and in `GET /tickets`, as in the queue and on the ticket
 * page: the state at `now` of the clock each open row shows — the first response until someone
 * acted, then the resolution (`none` while the ticket waits for the requester: that clock stands
 * still). Closed tickets have no running clock: `none` on their last clock (the `sla` booleans say
 * met or missed). One policy read for the whole page, none when no ticket is open.
 */
export async function listSlaStates(db: Executor, items: readonly TicketListItem[], now: number): Promise<Map<number, RowSlaState>> {
  const states = new Map<number, RowSlaState>();
  const open = items.filter(isOpen);
  const judge = open.length ? slaJudge(await readSlaPolicy(db, now), now) : null;
  for (const t of items) {
    states.set(t.id, judge && isOpen(t) ? queueState(judge, t) : { slaClock: queueClock(t), slaState: 'none' });
  }
  return states;
}

/** The states of the open rows only (the pages colour those; closed rows say met or missed). */
export async function listDueStates(db: Executor, items: readonly TicketListItem[], now: number): Promise<Map<number, SlaState>> {
  const states = new Map<number, SlaState>();
  const all = await listSlaStates(db, items, now);
  for (const t of items) if (isOpen(t)) states.set(t.id, all.get(t.id)!.slaState);
  return states;
}

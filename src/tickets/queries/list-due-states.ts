import type { Executor } from '../../db/database';
import { readSlaPolicy } from '../../sla/sla-policy';
import { queueState, type SlaState } from '../sla-urgency';
import type { TicketListItem } from '../ticket-lists.repository';

/**
 * Amber and red on the staff ticket list, as in the queue and on the ticket page: the state at `now`
 * of the clock each open row shows — the first response until someone acted, then the resolution
 * (`none` while the ticket waits for the requester: that clock stands still). Closed tickets are
 * left out (the list says met or missed). One policy read for the whole page, none when no ticket is open.
 */
export async function listDueStates(db: Executor, items: readonly TicketListItem[], now: number): Promise<Map<number, SlaState>> {
  const states = new Map<number, SlaState>();
  const open = items.filter((t) => t.status !== 'resolved' && t.status !== 'cancelled');
  if (!open.length) return states;
  const policy = await readSlaPolicy(db, now);
  for (const t of open) states.set(t.id, queueState(policy, t, now).slaState);
  return states;
}

/**
 * Staff set a ticket's priority, with an optional note, audited in the timeline like every change
 * (`priority_changed`, from → to). The ticket moves to its new lane at once, keeping its FIFO key
 * (`queued_at`), and its SLA due instants are recomputed with the new priority's targets.
 * A closed ticket keeps the priority it was judged on (409).
 */
import type { Channel, TicketPriority, UserRole } from '../../db/schema';
import { AppError } from '../../core/errors';
import { canChangePriority } from '../policy';
import { cleanNote, NOTE_MAX } from '../state-machine';
import { laneOf } from '../priority';
import { refreshDueTimes } from '../sla-due';
import { findTicketState, updateTicketIf } from '../tickets.repository';
import { inTicketTransaction, LostRace, recordChange, toRef, type TicketCommandDeps, type TicketRefInput } from './ticket-change';
import { dispatchAfterCommit } from '../../jobs/after-commit';

export type ChangePriorityInput = TicketRefInput & {
  priority: TicketPriority;
  note?: string | null;
  actorUserId: number;
  actorRole: UserRole;
  channel: Channel;
};

export interface PriorityChange {
  ticketId: number;
  code: string;
  from: TicketPriority;
  to: TicketPriority;
  changed: boolean;
}

export async function changePriority(deps: TicketCommandDeps, input: ChangePriorityInput): Promise<PriorityChange> {
  const { database, clock } = deps;
  if (!canChangePriority({ userId: input.actorUserId, role: input.actorRole })) throw new AppError('FORBIDDEN');
  const note = cleanNote(input.note ?? '') || null;
  if (note && note.length > NOTE_MAX) throw new AppError('VALIDATION_FAILED', undefined, { note: { key: 'field.maxLength', params: { limit: NOTE_MAX } } });
  const result = await inTicketTransaction(database, async (trx) => {
    const ticket = await findTicketState(trx, database.dialect, toRef(input), true);
    if (!ticket) throw new AppError('TICKET_NOT_FOUND');
    if (ticket.status === 'resolved' || ticket.status === 'cancelled') throw new AppError('PRIORITY_CLOSED_TICKET');
    const base = { ticketId: ticket.id, code: ticket.code, from: ticket.priority, to: input.priority };
    if (ticket.priority === input.priority) return { ...base, changed: false, status: ticket.status };
    const now = clock();
    const updated = await updateTicketIf(trx, { id: ticket.id, status: ticket.status }, { lane: laneOf(input.priority), updatedAt: now });
    if (!updated) throw new LostRace();
    await recordChange(trx, database, {
      ticketId: ticket.id,
      type: 'priority_changed',
      from: null,
      to: null,
      actorUserId: input.actorUserId,
      channel: input.channel,
      note,
      at: now,
      fromPriority: ticket.priority,
      toPriority: input.priority,
    });
    await refreshDueTimes(trx, database, ticket.id, now);
    return { ...base, changed: true, status: ticket.status };
  });
  if (result.changed) dispatchAfterCommit(deps, [{ name: 'ticket.changed', payload: { code: result.code, status: result.status } }]);
  return { ticketId: result.ticketId, code: result.code, from: result.from, to: result.to, changed: result.changed };
}

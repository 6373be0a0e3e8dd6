/**
 * Release ("no logrado"), resolve, cancel, wait for the requester or resume a waiting ticket, with
 * the note the state machine asks for. A released ticket goes back to the queue with its original
 * `queued_at`, so it keeps its FIFO place; a waiting ticket keeps its assignee. Only its technician
 * or an admin may do it; closing and waiting happen on the web (or its API) only.
 */
import type { Channel, TicketStatus, UserRole } from '../../db/schema';
import { AppError } from '../../core/errors';
import { canChangeStatus } from '../policy';
import { checkTransition, findTransition, NOTE_MAX } from '../state-machine';
import { findTicketState, updateTicketIf, type TicketChange } from '../tickets.repository';
import { inTicketTransaction, LostRace, recordChange, toRef, waitingClockChange, type TicketCommandDeps, type TicketRefInput } from './ticket-change';
import { dispatchAfterCommit } from '../../jobs/after-commit';
import { resolutionBusinessMinutes } from '../resolution-time';

/** The targets this command handles; taking a ticket is `assignTicket`, reopening `reopenTicket`. */
export type TransitionTarget = Extract<TicketStatus, 'registered' | 'resolved' | 'cancelled' | 'waiting' | 'in_progress'>;

export type TransitionTicketInput = TicketRefInput & {
  to: TransitionTarget;
  note?: string | null;
  actorUserId: number;
  actorRole: UserRole;
  channel: Channel;
};

export interface TransitionResult {
  ticketId: number;
  code: string;
  from: TicketStatus;
  to: TicketStatus;
}

export async function transitionTicket(deps: TicketCommandDeps, input: TransitionTicketInput): Promise<TransitionResult> {
  const { database, clock } = deps;
  if ((input.note ?? '').length > NOTE_MAX) {
    throw new AppError('VALIDATION_FAILED', undefined, { note: { key: 'field.maxLength', params: { limit: NOTE_MAX } } });
  }
  const result = await inTicketTransaction(database, async (trx) => {
    const ticket = await findTicketState(trx, database.dialect, toRef(input), true);
    if (!ticket) throw new AppError('TICKET_NOT_FOUND');
    // Taking a ticket is `assignTicket`; reopening a resolved one is the requester's `reopenTicket`.
    const rule = findTransition(ticket.status, input.to);
    if (!rule || rule.event === 'assigned' || rule.event === 'reopened') throw new AppError('INVALID_TRANSITION');
    const check = checkTransition(ticket.status, input.to, { channel: input.channel, note: input.note });
    if (!canChangeStatus({ userId: input.actorUserId, role: input.actorRole }, ticket)) throw new AppError('FORBIDDEN');
    if (!check.ok && check.reason === 'channel') throw new AppError('CHANNEL_NOT_ALLOWED');
    if (!check.ok) throw new AppError('NOTE_REQUIRED', undefined, { note: { key: 'workspace.field.note' } });

    const now = clock();
    const change: TicketChange = { status: input.to, updatedAt: now, firstActionAt: now, ...waitingClockChange(ticket, input.to, now) };
    if (input.to === 'registered') change.assigneeId = null; // queued_at untouched: same FIFO place
    if (input.to === 'resolved') Object.assign(change, { resolvedAt: now, closedAt: now, resolutionBusinessMinutes: await resolutionBusinessMinutes(trx, ticket.createdAt, now) });
    if (input.to === 'cancelled') change.closedAt = now;
    const updated = await updateTicketIf(trx, { id: ticket.id, status: ticket.status, assigneeId: ticket.assigneeId }, change);
    if (!updated) throw new LostRace();
    await recordChange(trx, database, {
      ticketId: ticket.id,
      type: check.rule.event,
      from: ticket.status,
      to: input.to,
      actorUserId: input.actorUserId,
      channel: input.channel,
      note: check.note,
      at: now,
    });
    return { ticketId: ticket.id, code: ticket.code, from: ticket.status, to: input.to };
  });
  dispatchAfterCommit(deps, [{ name: 'ticket.changed', payload: { code: result.code, status: result.to } }]);
  return result;
}

/**
 * The requester reopens a resolved ticket ("sigue sin funcionar") within `REOPEN_DAYS`, with a
 * reason. It goes back to `in_progress` with the same technician, or — when that account is no
 * longer active — to the queue at its original FIFO place (`queued_at` kept). The resolution is
 * undone (`resolved_at`, `closed_at` cleared), so the indicators count the final resolution only;
 * the `reopened` timeline row is what `tickets.reopened` counts. The reason is also the requester's
 * message in the conversation, so the technician is told like for any answer.
 */
import type { TicketStatus } from '../../db/schema';
import { AppError } from '../../core/errors';
import { withinReopenWindow } from '../state-machine';
import { insertTicketMessage } from '../ticket-messages.repository';
import { findActiveUser, findTicketState, updateTicketIf, type TicketChange } from '../tickets.repository';
import { enqueueMessagePosted, inTicketTransaction, LostRace, recordChange, type TicketCommandDeps } from './ticket-change';
import { messageTextOrThrow, type PostedMessage } from './reply-to-requester';
import { dispatchAfterCommit } from '../../jobs/after-commit';

export interface ReopenInput {
  /** Already normalized. */
  code: string;
  reason: string;
  reopenDays: number;
}

export async function reopenTicket(deps: TicketCommandDeps, input: ReopenInput): Promise<PostedMessage> {
  const { database, clock } = deps;
  const reason = messageTextOrThrow(input.reason, 'reason');
  const result = await inTicketTransaction(database, async (trx) => {
    const ticket = await findTicketState(trx, database.dialect, { code: input.code }, true);
    if (!ticket) throw new AppError('TICKET_NOT_FOUND');
    const now = clock();
    if (ticket.status !== 'resolved' || !withinReopenWindow(ticket.closedAt, now, input.reopenDays)) {
      throw new AppError('REOPEN_NOT_ALLOWED', { days: input.reopenDays });
    }
    const technician = ticket.assigneeId === null ? null : await findActiveUser(trx, ticket.assigneeId);
    const to: TicketStatus = technician ? 'in_progress' : 'registered';
    const change: TicketChange = { status: to, updatedAt: now, resolvedAt: null, closedAt: null, resolutionBusinessMinutes: null };
    if (!technician) change.assigneeId = null;
    const updated = await updateTicketIf(trx, { id: ticket.id, status: ticket.status, assigneeId: ticket.assigneeId }, change);
    if (!updated) throw new LostRace();
    await recordChange(trx, database, { ticketId: ticket.id, type: 'reopened', from: 'resolved', to, actorUserId: null, channel: 'portal', note: reason, at: now });
    const messageId = await insertTicketMessage(trx, database.dialect, { ticketId: ticket.id, from: 'requester', authorUserId: null, text: reason, channel: 'portal', at: now });
    await enqueueMessagePosted(trx, database, { ticketId: ticket.id, messageId }, now);
    return { ticketId: ticket.id, code: ticket.code, messageId, status: to };
  });
  dispatchAfterCommit(deps, [{ name: 'ticket.changed', payload: { code: result.code, status: result.status } }]);
  return result;
}

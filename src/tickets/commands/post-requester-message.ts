/**
 * The requester answers on the tracking page (or `POST /tickets/{code}/messages`): holding the
 * ticket's code is what entitles them, as for tracking it. A waiting ticket goes back to
 * `in_progress` with its technician, who is told (Telegram and in-app) through the outbox. A closed
 * ticket still takes answers for `REOPEN_DAYS`; after that, 409 TICKET_CLOSED.
 */
import type { TicketStatus } from '../../db/schema';
import { AppError } from '../../core/errors';
import { withinReopenWindow } from '../state-machine';
import { insertTicketMessage } from '../ticket-messages.repository';
import { findTicketState, updateTicketIf } from '../tickets.repository';
import { enqueueMessagePosted, inTicketTransaction, LostRace, recordChange, waitingClockChange, type TicketCommandDeps } from './ticket-change';
import { messageTextOrThrow, type PostedMessage } from './reply-to-requester';
import type { AttachmentStore } from '../../attachments/attachment-store';
import { attachFiles, checkAttachmentCount, NO_ATTACHMENTS, type AttachmentInput } from '../../attachments/attach-files';
import { withFilesIfAny } from '../../attachments/staged-files';
import { dispatchAfterCommit } from '../../jobs/after-commit';

export interface RequesterMessageInput {
  /** Already normalized. */
  code: string;
  text: string;
  reopenDays: number;
  attachments?: AttachmentInput;
}

export async function postRequesterMessage(deps: TicketCommandDeps & { store?: AttachmentStore }, input: RequesterMessageInput): Promise<PostedMessage> {
  const { database, clock } = deps;
  const text = messageTextOrThrow(input.text);
  const attachments = input.attachments ?? NO_ATTACHMENTS;
  checkAttachmentCount(attachments);
  const write = () =>
    inTicketTransaction(database, async (trx) => {
      const ticket = await findTicketState(trx, database.dialect, { code: input.code }, true);
      if (!ticket) throw new AppError('TICKET_NOT_FOUND');
      const now = clock();
      if (!withinReopenWindow(ticket.closedAt, now, input.reopenDays)) throw new AppError('TICKET_CLOSED', { days: input.reopenDays });
      const status: TicketStatus = ticket.status === 'waiting' ? 'in_progress' : ticket.status;
      const updated = await updateTicketIf(trx, { id: ticket.id, status: ticket.status }, { status, updatedAt: now, ...waitingClockChange(ticket, status, now) });
      if (!updated) throw new LostRace();
      const messageId = await insertTicketMessage(trx, database.dialect, { ticketId: ticket.id, from: 'requester', authorUserId: null, text, channel: 'portal', at: now });
      await attachFiles(trx, { ticketId: ticket.id, messageId }, attachments, now);
      if (status !== ticket.status) {
        await recordChange(trx, database, { ticketId: ticket.id, type: 'resumed', from: ticket.status, to: status, actorUserId: null, channel: 'portal', note: null, at: now });
      }
      await enqueueMessagePosted(trx, database, { ticketId: ticket.id, messageId }, now);
      return { ticketId: ticket.id, code: ticket.code, messageId, status };
    });
  const result = await withFilesIfAny(deps.store, database.db, attachments.files, write);
  dispatchAfterCommit(deps, [{ name: 'ticket.changed', payload: { code: result.code, status: result.status } }]);
  return result;
}

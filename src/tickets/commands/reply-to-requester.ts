/**
 * "Responder al solicitante": a staff message to the requester, shown on the tracking page and
 * sent to the ticket's followers (Telegram "Seguir", e-mail where configured) through the outbox.
 * With `awaitReply` an in-progress ticket goes to `waiting` (its technician or an admin only); the
 * ticket keeps its assignee. Any staff member may reply, like the shared work log. A public reply
 * is a first action (response-time indicator). Refused once the ticket has been closed for more
 * than `REOPEN_DAYS` (the requester could not answer any more).
 */
import type { Channel, TicketStatus, UserRole } from '../../db/schema';
import { AppError } from '../../core/errors';
import { canChangeStatus, canReply } from '../policy';
import { checkTransition, cleanNote, NOTE_MAX, withinReopenWindow } from '../state-machine';
import { insertTicketMessage } from '../ticket-messages.repository';
import { findTicketState, updateTicketIf } from '../tickets.repository';
import { dispatchAfterCommit } from '../../jobs/after-commit';
import { enqueueMessagePosted, inTicketTransaction, LostRace, recordChange, toRef, waitingClockChange, type TicketCommandDeps, type TicketRefInput } from './ticket-change';
import type { AttachmentStore } from '../../attachments/attachment-store';
import { attachFiles, checkAttachmentCount, NO_ATTACHMENTS, type AttachmentInput } from '../../attachments/attach-files';
import { withFilesIfAny } from '../../attachments/staged-files';

export type ReplyInput = TicketRefInput & {
  text: string;
  awaitReply?: boolean;
  actorUserId: number;
  actorRole: UserRole;
  channel: Channel;
  reopenDays: number;
  /** Files for the requester (shown on the tracking page with the message). */
  attachments?: AttachmentInput;
};

export interface PostedMessage {
  ticketId: number;
  code: string;
  messageId: number;
  status: TicketStatus;
}

/** The text of a conversation message: trimmed, not blank, at most NOTE_MAX characters. */
export function messageTextOrThrow(raw: string, field = 'text'): string {
  const text = cleanNote(raw);
  if (!text) throw new AppError('VALIDATION_FAILED', undefined, { [field]: { key: 'field.required' } });
  if (text.length > NOTE_MAX) throw new AppError('VALIDATION_FAILED', undefined, { [field]: { key: 'field.maxLength', params: { limit: NOTE_MAX } } });
  return text;
}

export async function replyToRequester(deps: TicketCommandDeps & { store?: AttachmentStore }, input: ReplyInput): Promise<PostedMessage> {
  const { database, clock } = deps;
  const actor = { userId: input.actorUserId, role: input.actorRole };
  if (!canReply(actor)) throw new AppError('FORBIDDEN');
  const text = messageTextOrThrow(input.text);
  const attachments = input.attachments ?? NO_ATTACHMENTS;
  checkAttachmentCount(attachments);

  const write = () =>
    inTicketTransaction(database, async (trx) => {
      const ticket = await findTicketState(trx, database.dialect, toRef(input), true);
      if (!ticket) throw new AppError('TICKET_NOT_FOUND');
      const now = clock();
      if (!withinReopenWindow(ticket.closedAt, now, input.reopenDays)) throw new AppError('TICKET_CLOSED', { days: input.reopenDays });
      // Asking again while already waiting keeps it waiting: nothing to change.
      const toWaiting = input.awaitReply === true && ticket.status !== 'waiting';
      if (toWaiting) {
        const check = checkTransition(ticket.status, 'waiting', { channel: input.channel, note: text });
        if (!check.ok && check.reason === 'invalid') throw new AppError('INVALID_TRANSITION');
        if (!canChangeStatus(actor, ticket)) throw new AppError('FORBIDDEN');
        if (!check.ok) throw new AppError('CHANNEL_NOT_ALLOWED');
      }
      const status: TicketStatus = toWaiting ? 'waiting' : ticket.status;
      const updated = await updateTicketIf(trx, { id: ticket.id, status: ticket.status }, { status, updatedAt: now, firstActionAt: now, ...waitingClockChange(ticket, status, now) });
      if (!updated) throw new LostRace();
      const messageId = await insertTicketMessage(trx, database.dialect, { ticketId: ticket.id, from: 'staff', authorUserId: input.actorUserId, text, channel: input.channel, at: now });
      await attachFiles(trx, { ticketId: ticket.id, messageId }, attachments, now);
      if (toWaiting) {
        // The question itself is the message; the timeline row only records the wait.
        await recordChange(trx, database, { ticketId: ticket.id, type: 'waiting', from: ticket.status, to: 'waiting', actorUserId: input.actorUserId, channel: input.channel, note: null, at: now });
      }
      await enqueueMessagePosted(trx, database, { ticketId: ticket.id, messageId }, now);
      return { ticketId: ticket.id, code: ticket.code, messageId, status };
    });
  const result = await withFilesIfAny(deps.store, database.db, attachments.files, write);
  dispatchAfterCommit(deps, [{ name: 'ticket.changed', payload: { code: result.code, status: result.status } }]);
  return result;
}

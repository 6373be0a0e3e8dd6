/**
 * Write in a ticket's work log. Any staff member may; the first note (or assignment) of a
 * technician marks the ticket's first action, the base of the response-time indicator. Files may
 * come with it (internal, like the note); a refused one leaves no note.
 */
import type { Channel, UserRole } from '../../db/schema';
import { AppError } from '../../core/errors';
import { canAddNote } from '../policy';
import { cleanNote, NOTE_MAX } from '../state-machine';
import { findTicketState, touchTicket } from '../tickets.repository';
import { inTicketTransaction, recordChange, toRef, type TicketCommandDeps, type TicketRefInput } from './ticket-change';
import type { AttachmentStore } from '../../attachments/attachment-store';
import { attachFiles, checkAttachmentCount, NO_ATTACHMENTS, type AttachmentInput } from '../../attachments/attach-files';
import { withStagedFiles } from '../../attachments/staged-files';
import { dispatchAfterCommit } from '../../jobs/after-commit';

export type AddNoteInput = TicketRefInput & {
  text: string;
  actorUserId: number;
  actorRole: UserRole;
  channel: Channel;
  attachments?: AttachmentInput;
};

export async function addNote(deps: TicketCommandDeps & { store?: AttachmentStore }, input: AddNoteInput): Promise<{ ticketId: number; code: string }> {
  const { database, clock } = deps;
  if (!canAddNote({ userId: input.actorUserId, role: input.actorRole })) throw new AppError('FORBIDDEN');
  const text = cleanNote(input.text);
  if (!text) throw new AppError('NOTE_REQUIRED', undefined, { text: { key: 'workspace.field.note' } });
  if (text.length > NOTE_MAX) throw new AppError('VALIDATION_FAILED', undefined, { text: { key: 'field.maxLength', params: { limit: NOTE_MAX } } });

  const attachments = input.attachments ?? NO_ATTACHMENTS;
  checkAttachmentCount(attachments);
  if (attachments.files.length && !deps.store) throw new Error('addNote: files given without a store');
  const write = () =>
    inTicketTransaction(database, async (trx) => {
      const ticket = await findTicketState(trx, database.dialect, toRef(input), false);
      if (!ticket) throw new AppError('TICKET_NOT_FOUND');
      const now = clock();
      await touchTicket(trx, ticket.id, now);
      const eventId = await recordChange(trx, database, {
        ticketId: ticket.id,
        type: 'note',
        from: null,
        to: null,
        actorUserId: input.actorUserId,
        channel: input.channel,
        note: text,
        at: now,
      });
      await attachFiles(trx, { ticketId: ticket.id, eventId }, attachments, now);
      return { ticketId: ticket.id, code: ticket.code, status: ticket.status };
    });
  const result = attachments.files.length ? await withStagedFiles(deps.store!, database.db, attachments.files, write) : await write();
  dispatchAfterCommit(deps, [{ name: 'ticket.changed', payload: { code: result.code, status: result.status } }]);
  return { ticketId: result.ticketId, code: result.code };
}

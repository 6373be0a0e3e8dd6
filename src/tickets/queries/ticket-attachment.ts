import type { Executor } from '../../db/database';
import { AppError } from '../../core/errors';
import { normalizeTicketCode } from '../ticket-code';
import { findTicketSummaryByCode } from '../tickets.repository';
import { findTicketAttachment, type AttachmentRecord } from '../../attachments/attachments.repository';

/** An attachment by the ticket's code and its id; null when the id belongs to no attachment of that ticket. */
export async function findAttachmentOfTicket(db: Executor, rawCode: string, id: string): Promise<AttachmentRecord | null> {
  const code = normalizeTicketCode(rawCode);
  if (!code) throw new AppError('TICKET_CODE_MALFORMED');
  const ticket = await findTicketSummaryByCode(db, code);
  if (!ticket) throw new AppError('TICKET_NOT_FOUND');
  return findTicketAttachment(db, ticket.id, id);
}

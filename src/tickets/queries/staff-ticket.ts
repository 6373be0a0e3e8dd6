import type { Executor } from '../../db/database';
import { AppError } from '../../core/errors';
import { normalizeTicketCode } from '../ticket-code';
import { findStaffTicket, type StaffTicketRecord } from '../ticket-lists.repository';
import { listTicketEvents, queuePosition, type TicketEvent } from '../tickets.repository';
import { ticketAsset, type TicketAsset } from '../../equipment/ticket-asset';
import { ticketAttachments, type TicketAttachments } from '../../attachments/queries/ticket-attachments';
import { listTicketMessages, type TicketMessage } from '../ticket-messages.repository';

export interface StaffTicketView {
  ticket: StaffTicketRecord;
  events: TicketEvent[];
  /** The conversation with the requester, oldest first (notes are events, never messages). */
  messages: TicketMessage[];
  queuePosition: number | null;
  /** The equipment named when filing, with its other tickets. */
  asset: TicketAsset | null;
  attachments: TicketAttachments;
}

/** A code as typed (forgiving), or 400 when it cannot be one. */
export function ticketCodeOrThrow(raw: string): string {
  const code = normalizeTicketCode(raw);
  if (!code) throw new AppError('TICKET_CODE_MALFORMED');
  return code;
}

/** The full staff view of a ticket: requester, DNI, phone, timeline, work log and conversation (404 unknown). */
export async function staffTicket(db: Executor, code: string): Promise<StaffTicketView> {
  const ticket = await findStaffTicket(db, code);
  if (!ticket) throw new AppError('TICKET_NOT_FOUND');
  const [events, messages, position, asset, attachments] = await Promise.all([
    listTicketEvents(db, ticket.id),
    listTicketMessages(db, ticket.id),
    ticket.status === 'registered' ? queuePosition(db, { lane: ticket.lane, queuedAt: ticket.queuedAt, id: ticket.id }) : null,
    ticketAsset(db, ticket),
    ticketAttachments(db, ticket),
  ]);
  return { ticket, events, messages, queuePosition: position, asset, attachments };
}

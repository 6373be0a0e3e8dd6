import type { Executor } from '../../db/database';
import { AppError } from '../../core/errors';
import { requireTicketCode } from '../ticket-code';
import { findPublicTicketByCode, queuePosition } from '../tickets.repository';
import { laneOf } from '../priority';
import { listTicketMessages } from '../ticket-messages.repository';
import { presentConversation } from '../conversation';
import { presentPublicTicket, type PublicTicket } from '../presenters';
import { ticketAttachments } from '../../attachments/queries/ticket-attachments';
import { DEFAULT_REOPEN_DAYS } from '../state-machine';
import { findPublicIncident } from '../../incidents/incidents.repository';

/** The public view of a ticket by its full code, with its conversation (400 masked or malformed, 404 unknown). */
export async function trackTicket(db: Executor, rawCode: string, reopenDays = DEFAULT_REOPEN_DAYS): Promise<PublicTicket> {
  const code = requireTicketCode(rawCode);
  const found = await findPublicTicketByCode(db, code);
  if (!found) throw new AppError('TICKET_NOT_FOUND');
  const { ticket, events } = found;
  // A child of a major incident has no queue place (it is out of the queue): its incident instead.
  const [position, messages, attachments, incident] = await Promise.all([
    ticket.status === 'registered' && ticket.incidentId === null ? queuePosition(db, { lane: laneOf(ticket.priority), queuedAt: ticket.queuedAt, id: ticket.id }) : null,
    listTicketMessages(db, ticket.id),
    ticketAttachments(db, ticket),
    ticket.incidentId === null ? null : findPublicIncident(db, ticket.incidentId),
  ]);
  return presentPublicTicket(ticket, events, position, presentConversation(messages, attachments.byMessage), reopenDays, attachments.own, incident);
}

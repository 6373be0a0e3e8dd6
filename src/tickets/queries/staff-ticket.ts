import type { Executor } from '../../db/database';
import { AppError } from '../../core/errors';
import { normalizeTicketCode } from '../ticket-code';
import { findStaffTicket, type StaffTicketRecord } from '../ticket-lists.repository';
import { listTicketEvents, queuePosition, type TicketEvent } from '../tickets.repository';
import { ticketAsset, type TicketAsset } from '../../equipment/ticket-asset';
import { ticketAttachments, type TicketAttachments } from '../../attachments/queries/ticket-attachments';
import { listTicketMessages, type TicketMessage } from '../ticket-messages.repository';
import { readSlaPolicy } from '../../sla/sla-policy';
import { slaJudge, type SlaState } from '../sla-urgency';

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

/** How urgent each running clock of a ticket is at `now` (amber from 75 %, red once due), as the queue colours it. */
export interface TicketDueStates {
  firstResponse: SlaState;
  resolution: SlaState;
}

/**
 * The states of a ticket's two clocks at `now`: `none` for a clock that no longer runs (the first
 * response once someone acted, the resolution once closed or while waiting) or has no due time.
 */
export async function ticketDueStates(db: Executor, ticket: StaffTicketRecord, now: number): Promise<TicketDueStates> {
  const closed = ticket.status === 'resolved' || ticket.status === 'cancelled';
  const firstResponseRuns = ticket.firstActionAt === null && !closed;
  const resolutionRuns = !closed && ticket.status !== 'waiting';
  if (!firstResponseRuns && !resolutionRuns) return { firstResponse: 'none', resolution: 'none' };
  const judge = slaJudge(await readSlaPolicy(db, now), now);
  const subject = { priority: ticket.priority, categoryId: ticket.category.id };
  return {
    firstResponse: firstResponseRuns ? judge.state(subject, 'firstResponse', ticket.firstResponseDueAt) : 'none',
    resolution: resolutionRuns ? judge.state(subject, 'resolution', ticket.resolutionDueAt) : 'none',
  };
}

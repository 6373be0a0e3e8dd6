/**
 * Give a ticket to a technician: the web "take" button, an admin's dispatch, and Telegram's
 * "Asignarme" all run this. The ticket row is locked (PostgreSQL, MariaDB) and the update is
 * guarded by `status = 'registered'`, so of two technicians pressing at once exactly one gets it;
 * the other is told who has it (409 TICKET_TAKEN).
 */
import type { Channel, UserRole } from '../../db/schema';
import { AppError } from '../../core/errors';
import { readSetting } from '../../settings/settings';
import { canAssign } from '../policy';
import { checkTransition, isClosed } from '../state-machine';
import { findActiveUser, findTicketState, isOldestWaiting, updateTicketIf } from '../tickets.repository';
import { enqueueAssigned, inTicketTransaction, LostRace, recordChange, toRef, type TicketCommandDeps, type TicketRefInput } from './ticket-change';
import { dispatchAfterCommit } from '../../jobs/after-commit';

export type AssignTicketInput = TicketRefInput & {
  assigneeId: number;
  actorUserId: number;
  actorRole: UserRole;
  channel: Channel;
};

export interface AssignTicketResult {
  ticketId: number;
  code: string;
  assigneeId: number;
  /** False when the ticket already was this person's (a repeated press changes nothing). */
  changed: boolean;
}

export async function assignTicket(deps: TicketCommandDeps, input: AssignTicketInput): Promise<AssignTicketResult> {
  const { database, clock } = deps;
  if (!canAssign({ userId: input.actorUserId, role: input.actorRole }, input.assigneeId)) throw new AppError('FORBIDDEN');
  const assignee = await findActiveUser(database.db, input.assigneeId);
  if (!assignee) throw new AppError('VALIDATION_FAILED', undefined, { userId: { key: 'workspace.field.assignee' } });
  const strictFifo = await readSetting(database.db, 'queue.strictFifo');

  const result = await inTicketTransaction(database, async (trx) => {
    const ticket = await findTicketState(trx, database.dialect, toRef(input), true);
    if (!ticket) throw new AppError('TICKET_NOT_FOUND');
    if (ticket.status === 'in_progress') {
      if (ticket.assigneeId === input.assigneeId) return { ticketId: ticket.id, code: ticket.code, assigneeId: input.assigneeId, changed: false };
      throw new AppError('TICKET_TAKEN', { name: ticket.assigneeFullName ?? '—' });
    }
    if (isClosed(ticket.status)) throw new AppError('INVALID_TRANSITION');
    const check = checkTransition(ticket.status, 'in_progress', { channel: input.channel });
    if (!check.ok) throw new AppError(check.reason === 'channel' ? 'CHANNEL_NOT_ALLOWED' : 'INVALID_TRANSITION');
    if (strictFifo && !(await isOldestWaiting(trx, ticket))) throw new AppError('NOT_OLDEST');

    const now = clock();
    const updated = await updateTicketIf(trx, { id: ticket.id, status: 'registered' }, { status: 'in_progress', assigneeId: input.assigneeId, updatedAt: now, firstActionAt: now });
    if (!updated) throw new LostRace();
    await recordChange(trx, database, {
      ticketId: ticket.id,
      type: check.rule.event,
      from: 'registered',
      to: 'in_progress',
      actorUserId: input.actorUserId,
      channel: input.channel,
      note: null,
      at: now,
    });
    await enqueueAssigned(trx, database, { ticketId: ticket.id, assigneeId: input.assigneeId, channel: input.channel }, now);
    return { ticketId: ticket.id, code: ticket.code, assigneeId: input.assigneeId, changed: true };
  });
  if (result.changed) dispatchAfterCommit(deps, [{ name: 'ticket.changed', payload: { code: result.code, status: 'in_progress' } }]);
  return result;
}

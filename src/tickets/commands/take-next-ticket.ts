/**
 * "Tomar siguiente": give the caller the oldest waiting ticket. However many technicians press
 * at once, each ticket goes to exactly one of them and each call assigns at most one ticket.
 * PostgreSQL/MariaDB: `SELECT … FOR UPDATE SKIP LOCKED` hands concurrent callers different rows;
 * the `UPDATE … WHERE status = 'registered'` is the guard on every engine (SQLite serializes
 * writers, so there the guard alone suffices).
 */
import type { Channel } from '../../db/schema';
import { AppError } from '../../core/errors';
import { checkTransition } from '../state-machine';
import { claimOldestWaitingTicket, updateTicketIf } from '../tickets.repository';
import { enqueueAssigned, inTicketTransaction, LostRace, recordChange, type TicketCommandDeps } from './ticket-change';
import { dispatchAfterCommit } from '../../jobs/after-commit';

export interface TakeNextTicketInput {
  userId: number;
  channel: Channel;
}

export interface TakenTicket {
  ticketId: number;
  code: string;
}

/** Returns the ticket now assigned to the caller, or null when nobody is waiting. */
export async function takeNextTicket(deps: TicketCommandDeps, input: TakeNextTicketInput): Promise<TakenTicket | null> {
  const { database, clock } = deps;
  const check = checkTransition('registered', 'in_progress', { channel: input.channel });
  if (!check.ok) throw new AppError('CHANNEL_NOT_ALLOWED');

  const taken = await inTicketTransaction(database, async (trx) => {
    const candidate = await claimOldestWaitingTicket(trx, database.dialect);
    if (!candidate) return null;
    const now = clock();
    const updated = await updateTicketIf(trx, { id: candidate.id, status: 'registered' }, { status: 'in_progress', assigneeId: input.userId, updatedAt: now, firstActionAt: now });
    // Someone else's transaction got it between our read and our write: start over.
    if (!updated) throw new LostRace();
    await recordChange(trx, database, {
      ticketId: candidate.id,
      type: check.rule.event,
      from: 'registered',
      to: 'in_progress',
      actorUserId: input.userId,
      channel: input.channel,
      note: null,
      at: now,
    });
    await enqueueAssigned(trx, database, { ticketId: candidate.id, assigneeId: input.userId, channel: input.channel }, now);
    return { ticketId: candidate.id, code: candidate.code };
  });
  if (taken) dispatchAfterCommit(deps, [{ name: 'ticket.changed', payload: { code: taken.code, status: 'in_progress' } }]);
  return taken;
}

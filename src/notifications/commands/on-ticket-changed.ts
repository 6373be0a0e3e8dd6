/**
 * Handlers of the workspace's outbox jobs. `ticket.assigned`: the assignee's notices record their
 * first action, and every message about the ticket is edited. `ticket.status_changed`: messages
 * are edited, and the requester's followers (Telegram "Seguir", e-mail) get its new status. Database work
 * and the job's completion commit together.
 */
import type { TicketStatus } from '../../db/schema';
import type { JobContext } from '../../jobs/worker';
import type { NotificationDeps } from '../deps';
import { markActed } from '../notifications.repository';
import { enqueueMessageRefreshes } from './refresh-ticket-messages';
import { notifyFollowers } from './notify-followers';

export interface TicketAssignedInput {
  ticketId: number;
  assigneeId: number;
}

export async function onTicketAssigned(deps: NotificationDeps, input: TicketAssignedInput, job: JobContext): Promise<void> {
  const { db } = deps.database;
  await db.transaction().execute(async (trx) => {
    // The assignment's own time is when the job was written (same transaction as the change).
    await markActed(trx, input.ticketId, input.assigneeId, job.job.createdAt);
    await enqueueMessageRefreshes(trx, deps, input.ticketId, deps.clock());
    await job.complete(trx);
  });
}

export interface TicketStatusChangedInput {
  ticketId: number;
  from: TicketStatus;
  to: TicketStatus;
}

export async function onTicketStatusChanged(deps: NotificationDeps, input: TicketStatusChangedInput, job: JobContext): Promise<void> {
  const { db } = deps.database;
  await db.transaction().execute(async (trx) => {
    const now = deps.clock();
    // Assignment edits come with `ticket.assigned`; releases and closings only with this job.
    // Waiting, resuming and reopening change them too (the ⏸ line, "cerrado" gone).
    if (input.to !== 'in_progress' || input.from !== 'registered') await enqueueMessageRefreshes(trx, deps, input.ticketId, now);
    await notifyFollowers(trx, deps, input.ticketId, { kind: 'status', status: input.to }, now);
    await job.complete(trx);
  });
}

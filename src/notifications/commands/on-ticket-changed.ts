/**
 * Handlers of the workspace's outbox jobs. `ticket.assigned`: the assignee's notices record their
 * first action, and every message about the ticket is edited. `ticket.status_changed`: messages
 * are edited, and requesters following the ticket on Telegram get its new status. Database work
 * and the job's completion commit together.
 */
import type { TicketStatus } from '../../db/schema';
import { enqueueJob } from '../../jobs/jobs.repository';
import type { JobContext } from '../../jobs/worker';
import { JOB, type NotificationDeps } from '../deps';
import { insertNotification, listSubscribedChats, markActed } from '../notifications.repository';
import { newLinkToken } from './fan-out-ticket-notice';
import { enqueueMessageRefreshes } from './refresh-ticket-messages';

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
  const { db, dialect } = deps.database;
  await db.transaction().execute(async (trx) => {
    const now = deps.clock();
    // Assignment edits come with `ticket.assigned`; releases and closings only with this job.
    if (input.to !== 'in_progress') await enqueueMessageRefreshes(trx, deps, input.ticketId, now);
    if (deps.telegram) {
      for (const chatId of await listSubscribedChats(trx, input.ticketId)) {
        const id = await insertNotification(trx, dialect, {
          ticketId: input.ticketId,
          userId: null,
          chatId,
          kind: 'status',
          channel: 'telegram',
          linkToken: newLinkToken(),
          now,
          sent: false,
        });
        await enqueueJob(trx, dialect, { type: JOB.send, payload: { notificationId: id, status: input.to }, runAt: now, maxAttempts: 25, dedupeKey: `notification.send:${id}` }, now);
      }
    }
    await job.complete(trx);
  });
}

/**
 * Handler of `ticket.message_posted`, written with every conversation message. The requester
 * answered → the ticket's technician is told (Telegram when their chat is linked, otherwise a web
 * notice; the in-app panel lists both). Staff replied → the requester's followers hear it
 * (Telegram "Seguir", e-mail). Notification rows, their send jobs and this job's completion commit
 * together: a crash or a second worker never sends a message twice or loses one.
 */
import { enqueueJob } from '../../jobs/jobs.repository';
import type { JobContext } from '../../jobs/worker';
import { findTicketMessage } from '../../tickets/ticket-messages.repository';
import { JOB, type NotificationDeps } from '../deps';
import { findTicketForMessage, findUserForTelegram, insertNotification } from '../notifications.repository';
import { newLinkToken } from './fan-out-ticket-notice';
import { notifyFollowers } from './notify-followers';

export interface MessagePostedInput {
  ticketId: number;
  messageId: number;
}

export async function onMessagePosted(deps: NotificationDeps, input: MessagePostedInput, job: JobContext): Promise<void> {
  const { db, dialect } = deps.database;
  const [message, ticket] = await Promise.all([findTicketMessage(db, input.messageId), findTicketForMessage(db, input.ticketId)]);
  await db.transaction().execute(async (trx) => {
    const now = deps.clock();
    if (message && ticket && message.from === 'requester' && ticket.assigneeId !== null) {
      const user = await findUserForTelegram(trx, ticket.assigneeId);
      const chatId = deps.telegram !== null ? (user?.chatId ?? null) : null;
      const viaTelegram = chatId !== null;
      const id = await insertNotification(trx, dialect, {
        ticketId: ticket.id,
        userId: ticket.assigneeId,
        chatId,
        kind: 'answer',
        channel: viaTelegram ? 'telegram' : 'web',
        linkToken: newLinkToken(),
        now,
        sent: !viaTelegram,
      });
      if (viaTelegram) {
        await enqueueJob(trx, dialect, { type: JOB.send, payload: { notificationId: id, messageId: message.id }, runAt: now, maxAttempts: 25, dedupeKey: `notification.send:${id}` }, now);
      }
    }
    if (message && ticket && message.from === 'staff') await notifyFollowers(trx, deps, ticket.id, { kind: 'reply', messageId: message.id }, now);
    await job.complete(trx);
  });
}

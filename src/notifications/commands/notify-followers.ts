/**
 * Who follows a ticket for its requester, and how they hear: every chat subscribed with "Seguir"
 * gets a Telegram message, and — with SMTP configured and an e-mail in the directory — the
 * requester gets an e-mail. One notification row and one send job per recipient, written in the
 * caller's transaction (the job that announced the change), so each message goes out once.
 * The address is not stored with the job: the e-mail job reads it from the directory when it runs.
 */
import type { Executor } from '../../db/database';
import type { TicketStatus } from '../../db/schema';
import { enqueueJob } from '../../jobs/jobs.repository';
import { JOB, type NotificationDeps } from '../deps';
import { findRequesterEmail } from '../followers.repository';
import { insertNotification, listSubscribedChats } from '../notifications.repository';
import { newLinkToken } from './fan-out-ticket-notice';

/** What followers are told: a new status, a staff reply (by message id), or news of the major incident the ticket is part of. */
export type FollowerNews = { kind: 'status'; status: TicketStatus } | { kind: 'reply'; messageId: number } | { kind: 'incident'; incidentId: number; updateId?: number };

function payloadOf(news: FollowerNews): { status?: TicketStatus; messageId?: number; incidentId?: number; updateId?: number } {
  if (news.kind === 'status') return { status: news.status };
  if (news.kind === 'reply') return { messageId: news.messageId };
  return news.updateId === undefined ? { incidentId: news.incidentId } : { incidentId: news.incidentId, updateId: news.updateId };
}

/** E-mail: 30 s, 1 min … up to 1 hour apart; 20 attempts cover most of a day of mail-server outage. */
export const EMAIL_ATTEMPTS = 20;

export async function notifyFollowers(trx: Executor, deps: NotificationDeps, ticketId: number, news: FollowerNews, now: number): Promise<number> {
  const { dialect } = deps.database;
  const extra = payloadOf(news);
  let created = 0;
  if (deps.telegram) {
    for (const chatId of await listSubscribedChats(trx, ticketId)) {
      const id = await insertNotification(trx, dialect, { ticketId, userId: null, chatId, kind: news.kind, channel: 'telegram', linkToken: newLinkToken(), now, sent: false });
      await enqueueJob(trx, dialect, { type: JOB.send, payload: { notificationId: id, ...extra }, runAt: now, maxAttempts: 25, dedupeKey: `notification.send:${id}` }, now);
      created++;
    }
  }
  if (deps.mailer && (await findRequesterEmail(trx, ticketId))) {
    const id = await insertNotification(trx, dialect, { ticketId, userId: null, chatId: null, kind: news.kind, channel: 'email', linkToken: newLinkToken(), now, sent: false });
    await enqueueJob(trx, dialect, { type: JOB.email, payload: { notificationId: id, ...extra }, runAt: now, maxAttempts: EMAIL_ATTEMPTS }, now);
    created++;
  }
  return created;
}

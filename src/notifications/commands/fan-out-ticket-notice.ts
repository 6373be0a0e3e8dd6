/**
 * Who hears about a waiting ticket (a new one, or a reminder): every on-duty staff user (the
 * default), or only the next one in turn (setting `notifications.mode` = round_robin). Linked
 * chats get a Telegram message (one `notification.send` job each); without Telegram, or without
 * a linked chat, the notice is written for the web panel. Notification rows, send jobs and the
 * job's own completion commit together, so a crash never doubles or loses a notice.
 */
import { randomBytes } from 'node:crypto';
import type { Executor } from '../../db/database';
import { inGroupCommit } from '../../db/group-commit';
import { enqueueJob } from '../../jobs/jobs.repository';
import type { JobContext } from '../../jobs/worker';
import { readSetting } from '../../settings/settings';
import { JOB, type NotificationDeps } from '../deps';
import { findTicketForMessage, hasNotifications, insertNotification, lastNotifiedUserId, listOnDutyUsers, type NotificationKind, type Recipient } from '../notifications.repository';

/**
 * 192 random bits (what makes it unguessable) after a time prefix: new tokens then land at the
 * right edge of the unique index instead of on a random page of it — at millions of notices,
 * a random page per insert was a cache miss and one more page written at every commit.
 */
export const newLinkToken = () => `${Date.now().toString(36).padStart(9, '0')}${randomBytes(24).toString('base64url')}`;

export interface FanOutInput {
  ticketId: number;
  kind: Extract<NotificationKind, 'new_ticket' | 'reminder'>;
  /** Reminders: the round (1 = first reminder); a round is announced once. */
  round?: number;
}

function nextInTurn(candidates: Recipient[], lastUserId: number | null): Recipient[] {
  if (!candidates.length) return [];
  const after = lastUserId === null ? undefined : candidates.find((c) => c.userId > lastUserId);
  return [after ?? (candidates[0] as Recipient)];
}

export async function fanOutTicketNotice(deps: NotificationDeps, input: FanOutInput, job: JobContext): Promise<number> {
  const { database, clock } = deps;
  const { db, dialect } = database;
  const ticket = await findTicketForMessage(db, input.ticketId);
  // Nothing to announce for a ticket already taken or closed (a late reminder, a deleted row).
  if (!ticket || (input.kind === 'reminder' && ticket.status !== 'registered')) return 0;
  // A child of a major incident (joined at filing, or linked since) is not in the queue: nobody is
  // to take it, and the technicians already know the incident (its suggestion reached them, they
  // declared it). A notice per filing would be twenty pings for one outage — so there is none, and
  // no reminder either (the worker completes the job).
  if (ticket.incidentId !== null) return 0;

  // On SQLite this shares a commit with the filings and other fan-outs of the moment.
  return inGroupCommit(database, async (trx: Executor) => {
    const now = clock();
    let created = 0;
    const since = input.kind === 'reminder' ? job.job.createdAt : 0;
    if (!(await hasNotifications(trx, ticket.id, input.kind, since))) {
      const onDuty = await listOnDutyUsers(trx);
      const mode = await readSetting(trx, 'notifications.mode');
      const recipients = mode === 'round_robin' ? nextInTurn(onDuty, await lastNotifiedUserId(trx)) : onDuty;
      for (const r of recipients) {
        const viaTelegram = deps.telegram !== null && r.chatId !== null;
        const id = await insertNotification(trx, dialect, {
          ticketId: ticket.id,
          userId: r.userId,
          chatId: viaTelegram ? r.chatId : null,
          kind: input.kind,
          channel: viaTelegram ? 'telegram' : 'web',
          linkToken: newLinkToken(),
          now,
          sent: !viaTelegram,
        });
        if (viaTelegram) {
          await enqueueJob(trx, dialect, { type: JOB.send, payload: { notificationId: id }, runAt: now, maxAttempts: 25, dedupeKey: `notification.send:${id}` }, now);
        }
        created++;
      }
    }
    await job.complete(trx);
    return created;
  });
}

/**
 * A suggested major incident (issue 19) told to every on-duty staff user, once: a Telegram message
 * (one `notification.send` job) to each linked chat, a web-panel notice to the others. Runs inside
 * the transaction that recorded the suggestion, so the record and its notices commit together —
 * a suggestion another process already recorded never gets here.
 */
import type { Executor } from '../../db/database';
import { enqueueJob } from '../../jobs/jobs.repository';
import { JOB, type NotificationDeps } from '../deps';
import { insertNotification, listOnDutyUsers } from '../notifications.repository';
import { newLinkToken } from './fan-out-ticket-notice';

export interface SuggestionNoticeInput {
  suggestionId: number;
  /** The ticket whose arrival raised it: the notice hangs on it (its category names the suggestion). */
  triggerTicketId: number;
  now: number;
}

export async function announceSuggestion(deps: Pick<NotificationDeps, 'database' | 'telegram'>, trx: Executor, input: SuggestionNoticeInput): Promise<number> {
  const { dialect } = deps.database;
  const onDuty = await listOnDutyUsers(trx);
  for (const r of onDuty) {
    const viaTelegram = deps.telegram !== null && r.chatId !== null;
    const id = await insertNotification(trx, dialect, {
      ticketId: input.triggerTicketId,
      userId: r.userId,
      chatId: viaTelegram ? r.chatId : null,
      kind: 'suggestion',
      channel: viaTelegram ? 'telegram' : 'web',
      linkToken: newLinkToken(),
      now: input.now,
      sent: !viaTelegram,
    });
    if (viaTelegram) {
      await enqueueJob(
        trx,
        dialect,
        { type: JOB.send, payload: { notificationId: id, suggestionId: input.suggestionId }, runAt: input.now, maxAttempts: 25, dedupeKey: `notification.send:${id}` },
        input.now,
      );
    }
  }
  return onDuty.length;
}

/**
 * Handler of `sla.check`: at 75 % of a target the ticket's assignee (everyone on duty while nobody
 * has it) gets one warning; at the breach the admins get one notice. Telegram when the person's
 * chat is linked, the web panel otherwise (both list in the in-app panel). Each notice is recorded
 * in `sla_notices` in the same transaction as its notification rows and this job's completion,
 * so with several workers, instances or reruns each goes out once. Then the next check is scheduled.
 */
import { enqueueJob } from '../../jobs/jobs.repository';
import type { JobContext } from '../../jobs/worker';
import { checkSla, scheduleNextCheck, type SlaNoticeKind } from '../../tickets/sla-due';
import { JOB, type NotificationDeps } from '../deps';
import { insertNotification, listActiveAdmins, listOnDutyUsers, listSentSlaNotices, recordSlaNotice, type Recipient } from '../notifications.repository';
import { findUserForTelegram } from '../notifications.repository';
import { newLinkToken } from './fan-out-ticket-notice';

export async function runSlaCheck(deps: NotificationDeps, input: { ticketId: number }, job: JobContext): Promise<number> {
  const { database, clock } = deps;
  const { db, dialect } = database;
  return db.transaction().execute(async (trx) => {
    const now = clock();
    let sent = 0;
    const already = await listSentSlaNotices(trx, input.ticketId);
    const check = await checkSla(trx, database, input.ticketId, already, now);
    if (check) {
      for (const kind of check.due) {
        if (!(await recordSlaNotice(trx, input.ticketId, kind, now))) continue;
        // A breach without its warning (the target was short, the worker was down): no warning later.
        if (kind.endsWith('_breach')) await recordSlaNotice(trx, input.ticketId, kind.replace('_breach', '_warning') as SlaNoticeKind, now);
        for (const r of await recipientsOf(trx, kind, check.assigneeId)) {
          const viaTelegram = deps.telegram !== null && r.chatId !== null;
          const id = await insertNotification(trx, dialect, {
            ticketId: input.ticketId,
            userId: r.userId,
            chatId: viaTelegram ? r.chatId : null,
            kind: kind.endsWith('_warning') ? 'sla_warning' : 'sla_breach',
            channel: viaTelegram ? 'telegram' : 'web',
            linkToken: newLinkToken(),
            now,
            sent: !viaTelegram,
          });
          if (viaTelegram) {
            await enqueueJob(trx, dialect, { type: JOB.send, payload: { notificationId: id, sla: kind }, runAt: now, maxAttempts: 25, dedupeKey: `notification.send:${id}` }, now);
          }
          sent++;
        }
      }
      if (check.nextAt !== null) await scheduleNextCheck(trx, database, input.ticketId, [check.nextAt], now);
    }
    await job.complete(trx);
    return sent;
  });
}

async function recipientsOf(trx: Parameters<typeof listOnDutyUsers>[0], kind: SlaNoticeKind, assigneeId: number | null): Promise<Recipient[]> {
  if (kind.endsWith('_breach')) return listActiveAdmins(trx);
  if (assigneeId !== null) {
    const user = await findUserForTelegram(trx, assigneeId);
    if (user && user.active) return [{ userId: user.userId, fullName: user.fullName, role: user.role, chatId: user.chatId }];
  }
  return listOnDutyUsers(trx);
}

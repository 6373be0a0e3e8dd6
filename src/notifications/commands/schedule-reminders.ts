/**
 * Reminders: a ticket still waiting N minutes after it was queued (setting
 * `notifications.reminderMinutes`, 0 = never) is announced again, once per N minutes. Every
 * worker runs this check; the dedupe key `ticket.reminder:<id>:<round>` makes one job per round.
 */
import { enqueueJob } from '../../jobs/jobs.repository';
import { dispatchAfterCommit } from '../../jobs/after-commit';
import { readSetting } from '../../settings/settings';
import { JOB, type NotificationDeps } from '../deps';
import { listWaitingSince } from '../notifications.repository';

export async function scheduleReminders(deps: Pick<NotificationDeps, 'database' | 'clock'>): Promise<number> {
  const { db, dialect } = deps.database;
  const minutes = await readSetting(db, 'notifications.reminderMinutes');
  if (!minutes || minutes <= 0) return 0;
  const interval = minutes * 60_000;
  const now = deps.clock();
  const waiting = await listWaitingSince(db, now - interval, 500);
  for (const ticket of waiting) {
    const round = Math.floor((now - ticket.queuedAt) / interval);
    await enqueueJob(db, dialect, { type: JOB.reminder, payload: { ticketId: ticket.id, round }, runAt: now, dedupeKey: `ticket.reminder:${ticket.id}:${round}` }, now);
  }
  if (waiting.length) dispatchAfterCommit(deps);
  return waiting.length;
}

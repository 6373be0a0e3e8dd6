/**
 * "Asignarme" pressed in a chat: the same assignment as the web's, through channel `telegram`.
 * The button is checked first (genuine for this chat, sent to the technician who pressed it);
 * the press counts as opening the notification. Returns what the technician is told.
 */
import { assignTicket } from '../../tickets/commands/assign-ticket';
import { AppError } from '../../core/errors';
import { t } from '../../i18n';
import { enqueueJob } from '../../jobs/jobs.repository';
import { verifyAssignCallback } from '../callback-data';
import { JOB, type NotificationDeps } from '../deps';
import { findNotification, findUserByChat, markOpened } from '../notifications.repository';
import { dispatchAfterCommit } from '../../jobs/after-commit';

export async function pressAssign(deps: NotificationDeps, input: { data: string; chatId: string }): Promise<string> {
  const { db } = deps.database;
  const botToken = deps.config.telegram.botToken ?? '';
  const notificationId = verifyAssignCallback(botToken, input.data, input.chatId);
  if (notificationId === null) return t('es', 'tg.callbackInvalid');
  const n = await findNotification(db, notificationId);
  const user = await findUserByChat(db, input.chatId);
  if (!n || n.userId === null || n.chatId !== input.chatId) return t('es', 'tg.callbackInvalid');
  if (!user || !user.active || user.userId !== n.userId) return t('es', 'tg.notLinked');
  await markOpened(db, n.id, 'button', deps.clock());
  try {
    await assignTicket(
      { database: deps.database, clock: deps.clock, events: deps.events },
      { ticketId: n.ticketId, assigneeId: user.userId, actorUserId: user.userId, actorRole: user.role, channel: 'telegram' },
    );
    return t('es', 'tg.assignedToYou');
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // The presser's message may still show the button (the edit is on its way, or lost a race).
    const now = deps.clock();
    await enqueueJob(db, deps.database.dialect, { type: JOB.refresh, payload: { notificationId: n.id }, runAt: now, maxAttempts: 12 }, now);
    dispatchAfterCommit(deps);
    if (err.code === 'TICKET_TAKEN') return t('es', 'tg.takenBy', { name: String(err.params?.name ?? '—') });
    return t('es', 'tg.cannotAssign', { reason: t('es', `error.${err.code}`, err.params) });
  }
}

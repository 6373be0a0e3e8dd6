/**
 * When a ticket changes (taken, released, closed), the Telegram messages already sent about it
 * are edited to say so: the others see who took it and lose the "Asignarme" button. Each message
 * is its own job (one slow chat does not hold the rest), rendered from the ticket's state at the
 * time of the edit, so edits arriving late or twice end the same way.
 */
import { enqueueJob } from '../../jobs/jobs.repository';
import type { Executor } from '../../db/database';
import { JOB, messageConfig, type NotificationDeps } from '../deps';
import { technicianMessage } from '../messages';
import { findNotification, findTicketForMessage, listDeliveredMessages } from '../notifications.repository';
import { ChatUnreachableError } from '../outgoing-message';
import { chatUnreachable } from './deliver-notification';

/** Writes one refresh job per delivered technician message of the ticket (inside `trx`). */
export async function enqueueMessageRefreshes(trx: Executor, deps: NotificationDeps, ticketId: number, now: number): Promise<number> {
  if (!deps.telegram) return 0;
  const messages = await listDeliveredMessages(trx, ticketId);
  for (const n of messages) {
    await enqueueJob(trx, deps.database.dialect, { type: JOB.refresh, payload: { notificationId: n.id }, runAt: now, maxAttempts: 12 }, now);
  }
  return messages.length;
}

export async function refreshMessage(deps: NotificationDeps, notificationId: number): Promise<void> {
  const { db } = deps.database;
  const n = await findNotification(db, notificationId);
  if (!deps.telegram || !n || !n.chatId || !n.telegramMessageId || n.userId === null) return;
  const ticket = await findTicketForMessage(db, n.ticketId);
  if (!ticket) return;
  try {
    await deps.telegram.edit(n.chatId, n.telegramMessageId, technicianMessage(messageConfig(deps.config), ticket, n));
  } catch (err) {
    if (err instanceof ChatUnreachableError) return chatUnreachable(deps, n, err);
    throw err;
  }
}

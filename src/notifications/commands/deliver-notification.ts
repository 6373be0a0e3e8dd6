/**
 * Sends one notification's Telegram message and records the delivery. Safe to run twice: a
 * notification already sent is not sent again. A chat that refuses us (403: the user blocked the
 * bot) is unlinked and the admin told; transient failures propagate for the worker to retry.
 */
import type { TicketStatus } from '../../db/schema';
import { t } from '../../i18n';
import { messageConfig, type NotificationDeps } from '../deps';
import { requesterStatusMessage, technicianMessage } from '../messages';
import {
  findNotification,
  findTicketForMessage,
  findUserForTelegram,
  insertAdminNotice,
  markFailed,
  markSent,
  noteDeliveryError,
  unlinkChat,
  unsubscribeChat,
  type Notification,
} from '../notifications.repository';
import { ChatUnreachableError } from '../outgoing-message';

export type DeliveryOutcome = 'sent' | 'already-sent' | 'skipped' | 'unreachable';

/** `status`: for a requester's notice, the status it announces (the ticket may have moved on since). */
export async function deliverNotification(deps: NotificationDeps, notificationId: number, status?: TicketStatus): Promise<DeliveryOutcome> {
  const { db } = deps.database;
  const n = await findNotification(db, notificationId);
  if (!n || n.channel !== 'telegram' || !n.chatId) return 'skipped';
  if (n.status === 'sent') return 'already-sent';
  if (!deps.telegram) {
    await markFailed(db, n.id, 'Telegram desactivado');
    return 'skipped';
  }
  const ticket = await findTicketForMessage(db, n.ticketId);
  if (!ticket) return 'skipped';
  if (n.userId !== null) {
    // Unlinked (or linked to another chat) since: that chat is no longer theirs.
    const user = await findUserForTelegram(db, n.userId);
    if (!user || user.chatId !== n.chatId) {
      await markFailed(db, n.id, 'chat desvinculado');
      return 'skipped';
    }
  }
  const config = messageConfig(deps.config);
  const message = n.userId === null ? requesterStatusMessage(config, status ? { ...ticket, status } : ticket) : technicianMessage(config, ticket, n);
  try {
    const messageId = await deps.telegram.send(n.chatId, message);
    await markSent(db, n.id, messageId, deps.clock());
    return 'sent';
  } catch (err) {
    if (err instanceof ChatUnreachableError) {
      await chatUnreachable(deps, n, err.reason);
      return 'unreachable';
    }
    await noteDeliveryError(db, n.id, err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/** The chat refused us for good: stop using it, and tell the admin when it was a technician's. */
export async function chatUnreachable(deps: NotificationDeps, n: Pick<Notification, 'id' | 'chatId'>, reason: string): Promise<void> {
  const { db } = deps.database;
  const now = deps.clock();
  await markFailed(db, n.id, reason);
  if (!n.chatId) return;
  await db.transaction().execute(async (trx) => {
    const user = await unlinkChat(trx, n.chatId as string, now);
    await unsubscribeChat(trx, n.chatId as string);
    if (user) await insertAdminNotice(trx, 'telegram.blocked', t('es', 'notice.blocked', { name: user.fullName }), now);
  });
}

/** The worker gave up on a delivery: the record says so, with the last reason. */
export async function deliveryAbandoned(deps: NotificationDeps, notificationId: number, reason: string): Promise<void> {
  await markFailed(deps.database.db, notificationId, reason);
}

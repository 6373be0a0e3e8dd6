/**
 * Sends one notification's Telegram message and records the delivery. Safe to run twice: a
 * notification already sent is not sent again. A chat that refuses us (403: the user blocked the
 * bot, or never started this bot) is unlinked and the admin told which of the two it was;
 * transient failures propagate for the worker to retry.
 */
import type { TicketStatus } from '../../db/schema';
import { t } from '../../i18n';
import { messageConfig, type NotificationDeps } from '../deps';
import { incidentNewsText, resolvedIncidentOfTicket } from '../../incidents/incidents.repository';
import {
  incidentNewsMessage,
  incidentResolvedMessage,
  requesterAnsweredMessage,
  requesterStatusMessage,
  slaMessage,
  staffRepliedMessage,
  suggestionMessage,
  technicianMessage,
  type MessageConfig,
} from '../messages';
import type { SlaNoticeKind } from '../../tickets/sla-due';
import { findTicketMessage } from '../../tickets/ticket-messages.repository';
import { firstLineOf, firstNameOf } from '../../tickets/conversation';
import type { OutgoingMessage } from '../outgoing-message';
import {
  findNotification,
  findSuggestionForMessage,
  findTicketForMessage,
  findUserForTelegram,
  insertAdminNotice,
  markFailed,
  markSent,
  noteDeliveryError,
  unlinkChat,
  unsubscribeChat,
  type Notification,
  type TicketForMessage,
} from '../notifications.repository';
import { ChatUnreachableError } from '../outgoing-message';

export type DeliveryOutcome = 'sent' | 'already-sent' | 'skipped' | 'unreachable';

/** What a notice is about beyond its ticket: the status it announces, or the message it carries. */
export interface NoticeSubject {
  /** For a requester's status notice: the status it announces (the ticket may have moved on since). */
  status?: TicketStatus;
  /** For an answer (to the technician) or a reply (to followers): the conversation message. */
  messageId?: number;
  /** For a service-level warning or breach: which one. */
  sla?: SlaNoticeKind;
  /** For a suggested incident's notice (issue 19): which suggestion. */
  suggestionId?: number;
  /** For news of a major incident: which incident, and which public update (none: the ticket was linked). */
  incidentId?: number;
  updateId?: number;
}

/** The text of a notice; null when what it was about is gone. */
async function composeMessage(deps: NotificationDeps, config: MessageConfig, ticket: TicketForMessage, n: Notification, subject: NoticeSubject): Promise<OutgoingMessage | null> {
  if (n.kind === 'answer' || n.kind === 'reply') {
    const message = subject.messageId === undefined ? null : await findTicketMessage(deps.database.db, subject.messageId);
    if (!message) return null;
    const line = firstLineOf(message.text);
    if (n.kind === 'answer') return requesterAnsweredMessage(config, ticket, n, line);
    return staffRepliedMessage(config, ticket, firstNameOf(message.authorFullName ?? ''), line);
  }
  if (n.kind === 'suggestion') {
    const suggestion = subject.suggestionId === undefined ? null : await findSuggestionForMessage(deps.database.db, subject.suggestionId);
    return suggestion ? suggestionMessage(config, suggestion) : null;
  }
  if (n.kind === 'sla_warning' || n.kind === 'sla_breach') return slaMessage(config, ticket, n, subject.sla ?? (n.kind === 'sla_warning' ? 'resolution_warning' : 'resolution_breach'), deps.clock());
  if (n.kind === 'incident') {
    const news = subject.incidentId === undefined ? null : await incidentNewsText(deps.database.db, subject.incidentId, subject.updateId);
    return news ? incidentNewsMessage(config, ticket, { ...news, isUpdate: subject.updateId !== undefined }) : null;
  }
  if (n.userId === null) {
    const status = subject.status ?? ticket.status;
    // A child resolved with its incident: the followers read the incident and its note.
    const incident = status === 'resolved' ? await resolvedIncidentOfTicket(deps.database.db, ticket.id) : null;
    if (incident) return incidentResolvedMessage(config, ticket, incident);
    return requesterStatusMessage(config, { ...ticket, status });
  }
  return technicianMessage(config, ticket, n);
}

export async function deliverNotification(deps: NotificationDeps, notificationId: number, subject: NoticeSubject = {}): Promise<DeliveryOutcome> {
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
  const message = await composeMessage(deps, messageConfig(deps.config), ticket, n, subject);
  if (!message) {
    await markFailed(db, n.id, 'mensaje no encontrado');
    return 'skipped';
  }
  try {
    const messageId = await deps.telegram.send(n.chatId, message);
    await markSent(db, n.id, messageId, deps.clock());
    return 'sent';
  } catch (err) {
    if (err instanceof ChatUnreachableError) {
      await chatUnreachable(deps, n, err);
      return 'unreachable';
    }
    await noteDeliveryError(db, n.id, err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/**
 * The chat refused us for good: stop using it, and tell the admin when it was a technician's —
 * that they blocked the bot, or that they never started this bot and must link their chat again.
 */
export async function chatUnreachable(deps: NotificationDeps, n: Pick<Notification, 'id' | 'chatId'>, refusal: Pick<ChatUnreachableError, 'reason' | 'kind'>): Promise<void> {
  const { db } = deps.database;
  const now = deps.clock();
  await markFailed(db, n.id, refusal.reason);
  if (!n.chatId) return;
  await db.transaction().execute(async (trx) => {
    const user = await unlinkChat(trx, n.chatId as string, now);
    await unsubscribeChat(trx, n.chatId as string);
    if (!user) return;
    if (refusal.kind === 'never-started') await insertAdminNotice(trx, 'telegram.not_started', t('es', 'notice.neverStarted', { name: user.fullName }), now);
    else await insertAdminNotice(trx, 'telegram.blocked', t('es', 'notice.blocked', { name: user.fullName }), now);
  });
}

/** The worker gave up on a delivery: the record says so, with the last reason. */
export async function deliveryAbandoned(deps: NotificationDeps, notificationId: number, reason: string): Promise<void> {
  await markFailed(deps.database.db, notificationId, reason);
}

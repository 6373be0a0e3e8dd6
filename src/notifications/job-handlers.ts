/** The outbox job types this area handles, with their retry policies. */
import type { TicketStatus } from '../db/schema';
import type { RetryPolicy } from '../jobs/backoff';
import type { HandlersOf } from '../jobs/worker';
import { JOB, type NotificationDeps } from './deps';
import { deliverNotification, deliveryAbandoned } from './commands/deliver-notification';
import { fanOutTicketNotice } from './commands/fan-out-ticket-notice';
import { onTicketAssigned, onTicketStatusChanged } from './commands/on-ticket-changed';
import { refreshMessage } from './commands/refresh-ticket-messages';
import { onMessagePosted } from './commands/on-message-posted';
import { onIncidentNews } from './commands/on-incident-news';
import type { IncidentNewsPayload } from '../incidents/commands/incidents';
import { deliverEmail } from './commands/deliver-email';
import { runSlaCheck } from './commands/sla-notices';
import type { SlaNoticeKind } from '../tickets/sla-due';
import type { TelegramClient } from './telegram/telegram-client';

/** Telegram calls: 2 s, 4 s, 8 s … up to 10 minutes apart (25 attempts cover about 3 hours of outage). */
const TELEGRAM_RETRY: RetryPolicy = { baseMs: 2_000, maxMs: 10 * 60_000 };
/** E-mail: 30 s, 1 min, 2 min … up to an hour apart (the institution's mail server may be down for a while). */
const EMAIL_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 60 * 60_000 };
/** Database-only work: quick retries. */
const DATABASE_RETRY: RetryPolicy = { baseMs: 500, maxMs: 60_000 };

/** The chat an update comes from, so one chat's updates are handled in the order they arrived. */
function chatOf(update: { message?: { chat?: { id?: number } }; callback_query?: { from?: { id?: number } } }): string {
  return String(update.message?.chat?.id ?? update.callback_query?.from?.id ?? '');
}

export function notificationJobHandlers(deps: NotificationDeps, telegram: TelegramClient | null): HandlersOf<(typeof JOB)[keyof typeof JOB]> {
  // Jobs run concurrently; two updates of one chat (a /start then a press) must not overtake each other.
  const chains = new Map<string, Promise<void>>();
  const inChatOrder = (key: string, work: () => Promise<void>): Promise<void> => {
    const run = (chains.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
    chains.set(key, run);
    void run.finally(() => chains.get(key) === run && chains.delete(key)).catch(() => undefined);
    return run;
  };
  return {
    [JOB.ticketCreated]: {
      retry: DATABASE_RETRY,
      run: async (p: { ticketId: number }, job) => {
        await fanOutTicketNotice(deps, { ticketId: p.ticketId, kind: 'new_ticket' }, job);
      },
    },
    [JOB.reminder]: {
      retry: DATABASE_RETRY,
      run: async (p: { ticketId: number; round: number }, job) => {
        await fanOutTicketNotice(deps, { ticketId: p.ticketId, kind: 'reminder', round: p.round }, job);
      },
    },
    [JOB.send]: {
      retry: TELEGRAM_RETRY,
      run: async (p: { notificationId: number; status?: TicketStatus; messageId?: number; sla?: SlaNoticeKind; suggestionId?: number; incidentId?: number; updateId?: number }) => {
        await deliverNotification(deps, p.notificationId, { status: p.status, messageId: p.messageId, sla: p.sla, suggestionId: p.suggestionId, incidentId: p.incidentId, updateId: p.updateId });
      },
      onParked: (p: { notificationId: number }, error) => deliveryAbandoned(deps, p.notificationId, error.message),
    },
    [JOB.refresh]: {
      retry: TELEGRAM_RETRY,
      run: (p: { notificationId: number }) => refreshMessage(deps, p.notificationId),
    },
    [JOB.slaCheck]: {
      retry: DATABASE_RETRY,
      run: async (p: { ticketId: number }, job) => {
        await runSlaCheck(deps, p, job);
      },
    },
    [JOB.ticketAssigned]: {
      retry: DATABASE_RETRY,
      run: (p: { ticketId: number; assigneeId: number }, job) => onTicketAssigned(deps, p, job),
    },
    [JOB.ticketStatusChanged]: {
      retry: DATABASE_RETRY,
      run: (p: { ticketId: number; from: TicketStatus; to: TicketStatus }, job) => onTicketStatusChanged(deps, p, job),
    },
    [JOB.incidentNews]: {
      retry: DATABASE_RETRY,
      run: async (p: IncidentNewsPayload, job) => {
        await onIncidentNews(deps, p, job);
      },
    },
    [JOB.messagePosted]: {
      retry: DATABASE_RETRY,
      run: (p: { ticketId: number; messageId: number }, job) => onMessagePosted(deps, p, job),
    },
    [JOB.email]: {
      retry: EMAIL_RETRY,
      run: async (p: { notificationId: number; status?: TicketStatus; messageId?: number; incidentId?: number; updateId?: number }) => {
        await deliverEmail(deps, p.notificationId, { status: p.status, messageId: p.messageId, incidentId: p.incidentId, updateId: p.updateId });
      },
      onParked: (p: { notificationId: number }, error) => deliveryAbandoned(deps, p.notificationId, error.message),
    },
    [JOB.telegramUpdate]: {
      retry: TELEGRAM_RETRY,
      run: async (p: { update: unknown }) => {
        // Without a bot (token removed since) there is nobody to answer: drop it.
        if (!telegram) return;
        const update = p.update as Parameters<TelegramClient['handleUpdate']>[0];
        await inChatOrder(chatOf(update), () => telegram.handleUpdate(update));
      },
    },
  };
}

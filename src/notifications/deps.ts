/** What notification commands depend on: the app context's parts, plus Telegram when configured. */
import type { Config } from '../config/config';
import type { TicketStatus } from '../db/schema';
import type { SlaNoticeKind } from '../tickets/sla-due';
import type { Database } from '../db/database';
import type { Clock, EventBus } from '../core/context';
import type { TelegramSender } from './outgoing-message';
import type { Mailer } from './email/mailer';
import type { MessageConfig } from './messages';

export interface NotificationDeps {
  database: Database;
  clock: Clock;
  config: Config;
  events?: EventBus;
  /** Null when TELEGRAM_BOT_TOKEN is unset: notices go to the web panel only. */
  telegram: TelegramSender | null;
  /** Null (or absent) without SMTP_URL: followers hear on Telegram only. */
  mailer?: Mailer | null;
}

export const messageConfig = (config: Config): MessageConfig => ({
  publicBaseUrl: config.publicBaseUrl,
  timeZone: config.timeZone,
  botToken: config.telegram.botToken ?? '',
});

declare module '../jobs/job-types' {
  interface JobPayloads {
    'ticket.reminder': { ticketId: number; round: number };
    /** `status`: the ticket status the message tells about (a status change), when not a new-ticket notice; `suggestionId`: a suggested incident's notice. */
    'notification.send': { notificationId: number; status?: TicketStatus; messageId?: number; sla?: SlaNoticeKind; suggestionId?: number; incidentId?: number; updateId?: number };
    /** An e-mail notice to a requester who follows the ticket (status change or staff reply). */
    'email.send': { notificationId: number; status?: TicketStatus; messageId?: number; incidentId?: number; updateId?: number };
    'notification.refresh': { notificationId: number };
    /** The update as stored (`minimizeUpdate`): only what the bot's features read. */
    'telegram.update': { update: unknown };
  }
}

/** Outbox job types of this area. `ticket.created`, `ticket.assigned`, `ticket.status_changed` and `ticket.message_posted` come from tickets/. */
export const JOB = {
  ticketCreated: 'ticket.created',
  ticketAssigned: 'ticket.assigned',
  ticketStatusChanged: 'ticket.status_changed',
  reminder: 'ticket.reminder',
  send: 'notification.send',
  refresh: 'notification.refresh',
  telegramUpdate: 'telegram.update',
  messagePosted: 'ticket.message_posted',
  email: 'email.send',
  slaCheck: 'sla.check',
  /** From incidents/: tickets linked to a major incident, or a public update on it (its children's followers). */
  incidentNews: 'incident.news',
} as const;

/** What notification commands depend on: the app context's parts, plus Telegram when configured. */
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import type { Clock, EventBus } from '../core/context';
import type { TelegramSender } from './outgoing-message';
import type { MessageConfig } from './messages';

export interface NotificationDeps {
  database: Database;
  clock: Clock;
  config: Config;
  events?: EventBus;
  /** Null when TELEGRAM_BOT_TOKEN is unset: notices go to the web panel only. */
  telegram: TelegramSender | null;
}

export const messageConfig = (config: Config): MessageConfig => ({
  publicBaseUrl: config.publicBaseUrl,
  timeZone: config.timeZone,
  botToken: config.telegram.botToken ?? '',
});

/** Outbox job types of this area. `ticket.created`, `ticket.assigned` and `ticket.status_changed` come from tickets/. */
export const JOB = {
  ticketCreated: 'ticket.created',
  ticketAssigned: 'ticket.assigned',
  ticketStatusChanged: 'ticket.status_changed',
  reminder: 'ticket.reminder',
  send: 'notification.send',
  refresh: 'notification.refresh',
  telegramUpdate: 'telegram.update',
} as const;

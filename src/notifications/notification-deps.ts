/**
 * The notification dependencies of an app context, built once per context: the Telegram client
 * (with the bot's features installed) when TELEGRAM_BOT_TOKEN is set, or null; the mailer when
 * SMTP_URL is set, or null.
 */
import type { AppContext } from '../core/context';
import type { NotificationDeps } from './deps';
import { installFeatures } from './telegram/bot-features';
import { TelegramClient } from './telegram/telegram-client';
import { createMailer } from './email/mailer';

const built = new WeakMap<AppContext, { deps: NotificationDeps; client: TelegramClient | null }>();

function build(ctx: AppContext) {
  let entry = built.get(ctx);
  if (!entry) {
    const { botToken, apiRoot } = ctx.config.telegram;
    const client = botToken ? new TelegramClient({ botToken, apiRoot }) : null;
    const mailer = ctx.config.smtp ? createMailer(ctx.config.smtp) : null;
    const deps: NotificationDeps = { database: ctx.database, clock: ctx.clock, config: ctx.config, events: ctx.events, telegram: client, mailer };
    if (client) installFeatures(client.bot, deps);
    entry = { deps, client };
    built.set(ctx, entry);
  }
  return entry;
}

export const notificationDeps = (ctx: AppContext): NotificationDeps => build(ctx).deps;
export const telegramClientOf = (ctx: AppContext): TelegramClient | null => build(ctx).client;

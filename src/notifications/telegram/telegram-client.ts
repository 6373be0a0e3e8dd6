/**
 * The Bot API, through grammY (the only importer of grammY is this folder). Built with
 * `client.apiRoot` so tests and the benchmark talk to a local fake. Telegram's answers are
 * translated into the worker's retry policy:
 * - 429 with `parameters.retry_after` → `RetryAfterError` (wait exactly that long);
 * - 5xx, refused connections, resets, timeouts (grammY's `HttpError`) → a plain error (backoff);
 * - 403 (bot blocked, user deactivated, or "bot can't initiate conversation with a user": the
 *   user never started this bot) → `ChatUnreachableError` with its kind (the chat is unlinked);
 * - 400 "message is not modified" on an edit → ignored (the message already says that);
 * - any other 4xx → `PermanentJobError` (retrying the same request cannot help).
 */
import type { Api, Bot, InlineKeyboard } from 'grammy';
import { grammy } from './grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { PermanentJobError, RetryAfterError } from '../../jobs/job-errors';
import { ChatUnreachableError, type OutgoingMessage } from '../outgoing-message';
import { recordTelegramSend } from '../../metrics/prometheus';

export interface TelegramClientOptions {
  botToken: string;
  apiRoot: string;
  /** Per-request timeout (a timed-out request is retried). */
  timeoutSeconds?: number;
}

/** Seconds a getUpdates call waits for an update (long polling). */
export const LONG_POLL_SECONDS = 25;

export class TelegramClient {
  readonly bot: Bot;
  private readonly pollingApi: Api;
  private me: Promise<UserFromGetMe> | null = null;

  constructor(readonly options: TelegramClientOptions) {
    const client = { apiRoot: options.apiRoot, timeoutSeconds: options.timeoutSeconds ?? 15 };
    const { Api, Bot } = grammy();
    this.bot = new Bot(options.botToken, { client });
    this.pollingApi = new Api(options.botToken, { ...client, timeoutSeconds: LONG_POLL_SECONDS + 15 });
  }

  get api(): Api {
    return this.bot.api;
  }

  /** The bot's own user (getMe), asked once and remembered; asked again after a failure. */
  async botInfo(): Promise<UserFromGetMe> {
    this.me ??= this.api.getMe().catch((err: unknown) => {
      this.me = null;
      throw toJobError(err);
    });
    return this.me;
  }

  async username(): Promise<string> {
    return (await this.botInfo()).username;
  }

  /** Sends a message; returns its Telegram message id. */
  async send(chatId: string, message: OutgoingMessage): Promise<string> {
    try {
      const sent = await this.api.sendMessage(chatId, message.text, {
        link_preview_options: { is_disabled: true },
        ...(message.buttons.length ? { reply_markup: keyboard(message) } : {}),
      });
      recordTelegramSend('ok');
      return String(sent.message_id);
    } catch (err) {
      const failure = toJobError(err);
      recordTelegramSend(failure instanceof RetryAfterError ? 'rate_limited' : failure instanceof ChatUnreachableError ? 'blocked' : 'error');
      throw failure;
    }
  }

  /** Replaces a message's text and buttons; "not modified" counts as done. */
  async edit(chatId: string, messageId: string, message: OutgoingMessage): Promise<void> {
    try {
      await this.api.editMessageText(chatId, Number(messageId), message.text, {
        link_preview_options: { is_disabled: true },
        reply_markup: message.buttons.length ? keyboard(message) : { inline_keyboard: [] },
      });
    } catch (err) {
      if (isNotModified(err)) return;
      throw toJobError(err);
    }
  }

  async setWebhook(url: string, secret: string): Promise<void> {
    try {
      await this.api.setWebhook(url, { secret_token: secret, allowed_updates: ['message', 'callback_query'] });
    } catch (err) {
      throw toJobError(err);
    }
  }

  /** Where Telegram delivers updates now, and its last delivery error (`npm run doctor`). */
  async webhookInfo(): Promise<{ url: string; pendingUpdates: number; lastError: string | null; lastErrorAt: number | null }> {
    try {
      const info = await this.api.getWebhookInfo();
      return {
        url: info.url ?? '',
        pendingUpdates: info.pending_update_count,
        lastError: info.last_error_message ?? null,
        lastErrorAt: info.last_error_date ? info.last_error_date * 1000 : null,
      };
    } catch (err) {
      throw toJobError(err);
    }
  }

  async deleteWebhook(): Promise<void> {
    try {
      await this.api.deleteWebhook();
    } catch (err) {
      throw toJobError(err);
    }
  }

  /** One long-polling call. Errors are grammY's own (the poller decides how long to wait). */
  getUpdates(offset: number | undefined, signal: AbortSignal): Promise<Update[]> {
    return this.pollingApi.getUpdates({ offset, timeout: LONG_POLL_SECONDS, allowed_updates: ['message', 'callback_query'] }, signal as unknown as Parameters<Api['getUpdates']>[1]);
  }

  /** Runs an update through the bot's feature composers; API failures come out as job errors. */
  async handleUpdate(update: Update): Promise<void> {
    if (!this.bot.isInited()) this.bot.botInfo = await this.botInfo();
    try {
      await this.bot.handleUpdate(update);
    } catch (err) {
      throw toJobError(err instanceof grammy().BotError ? err.error : err);
    }
  }
}

function keyboard(message: OutgoingMessage): InlineKeyboard {
  const kb = new (grammy().InlineKeyboard)();
  message.buttons.forEach((row, i) => {
    if (i > 0) kb.row();
    for (const b of row) {
      if ('url' in b) kb.url(b.text, b.url);
      else kb.text(b.text, b.callbackData);
    }
  });
  return kb;
}

function isNotModified(err: unknown): boolean {
  return err instanceof grammy().GrammyError && err.error_code === 400 && /message is not modified/i.test(err.description);
}

/** Telegram's refusal or the network's failure, as the worker's retry policy understands it. */
export function toJobError(err: unknown): Error {
  if (err instanceof grammy().GrammyError) {
    const retryAfter = err.parameters.retry_after;
    if (err.error_code === 429) return new RetryAfterError((retryAfter ?? 5) * 1000, `Telegram 429: ${err.description}`);
    if (err.error_code === 403) return new ChatUnreachableError(err.description, /can't initiate conversation/i.test(err.description) ? 'never-started' : 'blocked');
    if (err.error_code >= 500) return new Error(`Telegram ${err.error_code}: ${err.description}`);
    if (err.error_code === 409) return new Error(`Telegram 409: ${err.description}`);
    return new PermanentJobError(`Telegram ${err.error_code}: ${err.description}`);
  }
  if (err instanceof grammy().HttpError) {
    const cause = err.error as { code?: string; message?: string } | undefined;
    return new Error(`red: ${cause?.code ?? cause?.message ?? err.message}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

export function isGrammyError(err: unknown, code?: number): boolean {
  return err instanceof grammy().GrammyError && (code === undefined || err.error_code === code);
}

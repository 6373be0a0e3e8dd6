/**
 * A faithful local fake of the Telegram Bot API (https://core.telegram.org/bots/api), for tests
 * and the benchmark. A real HTTP server on 127.0.0.1 serving `/bot<token>/<method>` with JSON,
 * form or query parameters (as grammY and other clients send them), answering with the Bot API's
 * envelopes: `{ok:true,result}` or `{ok:false,error_code,description,parameters?}` with the HTTP
 * status equal to `error_code`. The objects it returns are typed with grammY's own declarations
 * (@grammyjs/types), so a wrong field name is a type error.
 *
 * Methods: getMe, sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery,
 * setWebhook, deleteWebhook, getWebhookInfo, getUpdates (long polling with offset/timeout).
 * Tests can inject updates (a `/start <payload>` message carries its bot_command entity; a
 * button press is a callback_query with from/message/data), script failures (429 with
 * retry_after, 5xx, 403 blocked, 400 not modified, refused connections, held requests), and read
 * the log of every call. As Telegram does, a getUpdates call ends the one still waiting with 409
 * "terminated by other getUpdates request" (two pollers on one bot), and a chat whose user never
 * started the bot (`neverStarted`) is refused with 403 "bot can't initiate conversation with a
 * user" until that user writes to the bot.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ApiError, ApiSuccess, CallbackQuery, Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update, User, UserFromGetMe, WebhookInfo } from 'grammy/types';

export interface FakeCall {
  method: string;
  params: Record<string, unknown>;
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
  status: number;
  /** False when the client went away before the answer (e.g. its process was killed). */
  answered: boolean;
}

export interface FakeMessage {
  chatId: number;
  messageId: number;
  text: string;
  replyMarkup: InlineKeyboardMarkup | undefined;
  /** Every text the message had, oldest first. */
  history: string[];
  sentAt: number;
}

interface ScriptedFailure {
  method: string | '*';
  errorCode: number;
  description: string;
  retryAfter?: number;
  remaining: number;
}

interface Held {
  method: string;
  release: () => void;
}

export interface FakeTelegramOptions {
  token?: string;
  username?: string;
  botId?: number;
}

const BLOCKED = 'Forbidden: bot was blocked by the user';
const NEVER_STARTED = "Forbidden: bot can't initiate conversation with a user";
const TERMINATED = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const NOT_MODIFIED = 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export class FakeTelegram {
  readonly token: string;
  readonly username: string;
  readonly botId: number;
  readonly calls: FakeCall[] = [];
  private server: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private refusing = false;
  private readonly messages = new Map<string, FakeMessage>();
  private readonly nextMessageId = new Map<number, number>();
  private readonly queue: Update[] = [];
  private nextUpdateId = 100_000;
  private readonly pollers = new Set<() => void>();
  private readonly failures: ScriptedFailure[] = [];
  private readonly holds = new Set<string>();
  private readonly held: Held[] = [];
  private readonly answeredQueries = new Set<string>();
  private readonly openQueries = new Set<string>();
  private readonly blockedChats = new Set<number>();
  private readonly notStartedChats = new Set<number>();
  /** Ends the getUpdates call that is waiting now, if any (a newer call takes its place). */
  private terminateWaitingPoll: (() => void) | null = null;
  private webhook: { url: string; secret: string | undefined } | null = null;
  /** Where webhook calls really go (a reverse proxy's job: https://public/… → http://127.0.0.1:port/…). */
  private webhookOrigin: string | null = null;
  readonly webhookDeliveries: { update: Update; status: number }[] = [];
  private listeners: ((call: FakeCall) => void)[] = [];

  private constructor(options: FakeTelegramOptions) {
    this.botId = options.botId ?? 7_000_000_001;
    this.token = options.token ?? `${this.botId}:AAFakeTokenForTests_abcdefghijklmnopq`;
    this.username = options.username ?? 'itims_test_bot';
    this.server = this.createHttpServer();
  }

  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const fake = new FakeTelegram(options);
    await fake.listen(0);
    return fake;
  }

  /** The value for TELEGRAM_API_ROOT. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const h of this.held.splice(0)) h.release();
    for (const wake of this.pollers) wake();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ── scripting ────────────────────────────────────────────────────────────────────────────

  /** Refuse every connection (ECONNREFUSED) until `acceptConnections()`. */
  async refuseConnections(): Promise<void> {
    this.refusing = true;
    for (const wake of this.pollers) wake();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  async acceptConnections(): Promise<void> {
    if (!this.refusing) return;
    this.refusing = false;
    this.server = this.createHttpServer();
    await this.listen(this.port);
  }

  /** The next `count` calls of `method` ('*' = any) fail with this error. */
  fail(method: string | '*', errorCode: number, description: string, options: { count?: number; retryAfter?: number } = {}): void {
    this.failures.push({ method, errorCode, description, retryAfter: options.retryAfter, remaining: options.count ?? 1 });
  }

  /** 429 Too Many Requests with `parameters.retry_after`. */
  failWithRetryAfter(method: string | '*', retryAfterSeconds: number, count = 1): void {
    this.fail(method, 429, `Too Many Requests: retry after ${retryAfterSeconds}`, { count, retryAfter: retryAfterSeconds });
  }

  failWithServerError(method: string | '*', count = 1): void {
    this.fail(method, 500, 'Internal Server Error', { count });
  }

  /** The user blocked the bot: every message to this chat is refused with 403. */
  block(chatId: number): void {
    this.blockedChats.add(chatId);
  }

  /**
   * The user of this private chat never started a conversation with the bot (or only with
   * another bot): messages to it are refused with 403 until the user sends the bot a message.
   */
  neverStarted(chatId: number): void {
    this.notStartedChats.add(chatId);
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Calls of `method` are received (and logged) but not answered until `releaseHeld()`. */
  hold(method: string): void {
    this.holds.add(method);
  }

  releaseHeld(method?: string): void {
    if (method) this.holds.delete(method);
    else this.holds.clear();
    for (const h of this.held.splice(0)) h.release();
  }

  // ── updates ──────────────────────────────────────────────────────────────────────────────

  /** A private chat user, as Telegram describes one. */
  user(chatId: number, firstName = 'Técnico', username?: string): User {
    return { id: chatId, is_bot: false, first_name: firstName, ...(username ? { username } : {}), language_code: 'es' };
  }

  /** A text message from a user; a leading `/command` gets its bot_command entity. */
  async sendText(chatId: number, text: string, from: User = this.user(chatId)): Promise<Update> {
    this.notStartedChats.delete(chatId);
    const entities: MessageEntity[] = [];
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
    const chat: Chat.PrivateChat = { id: chatId, type: 'private', first_name: from.first_name, ...(from.username ? { username: from.username } : {}) };
    const message: Message.TextMessage = {
      message_id: this.allocateMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      ...(entities.length ? { entities } : {}),
    };
    return this.pushUpdate({ update_id: 0, message } as Update);
  }

  /** `/start <payload>`, as Telegram sends it when a deep link is opened. */
  startCommand(chatId: number, payload: string, from?: User): Promise<Update> {
    return this.sendText(chatId, `/start ${payload}`, from);
  }

  /** A press of an inline button of a message the bot sent. Returns the callback query id. */
  async pressButton(chatId: number, messageId: number, data: string, from: User = this.user(chatId)): Promise<string> {
    const sent = this.messages.get(`${chatId}:${messageId}`);
    const id = `${Date.now()}${Math.floor(Math.random() * 1e9)}`;
    this.openQueries.add(id);
    const message: Message.TextMessage = {
      message_id: messageId,
      date: Math.floor((sent?.sentAt ?? Date.now()) / 1000),
      chat: { id: chatId, type: 'private', first_name: from.first_name },
      from: this.botUser(),
      text: sent?.text ?? '',
      ...(sent?.replyMarkup ? { reply_markup: sent.replyMarkup } : {}),
    };
    const query: CallbackQuery = { id, from, message, chat_instance: `ci${chatId}`, data };
    await this.pushUpdate({ update_id: 0, callback_query: query } as Update);
    return id;
  }

  // ── what happened ────────────────────────────────────────────────────────────────────────

  /** Messages the bot sent (current state), optionally in one chat, in sending order. */
  sent(chatId?: number): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.history.length > 0 && (chatId === undefined || m.chatId === chatId)).sort((a, b) => a.sentAt - b.sentAt);
  }

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Answered callback queries and their text. */
  answers(): { id: string; text: string | undefined }[] {
    return this.callsOf('answerCallbackQuery')
      .filter((c) => c.status === 200)
      .map((c) => ({ id: String(c.params.callback_query_id), text: c.params.text as string | undefined }));
  }

  get webhookUrl(): string | null {
    return this.webhook?.url ?? null;
  }

  /** Deliver webhook calls to this origin instead of the registered one (plays the TLS proxy). */
  routeWebhooksTo(origin: string): void {
    this.webhookOrigin = origin;
  }

  /** Resolves at the next call of `method` (already-made calls do not count). */
  nextCall(method: string, timeoutMs = 10_000): Promise<FakeCall> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`no ${method} call within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (call: FakeCall) => {
        if (call.method !== method) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(call);
      };
      this.listeners.push(listener);
    });
  }

  // ── the server ───────────────────────────────────────────────────────────────────────────

  private botUser(): User {
    return { id: this.botId, is_bot: true, first_name: 'ITIMS', username: this.username };
  }

  private allocateMessageId(chatId: number): number {
    const id = (this.nextMessageId.get(chatId) ?? 0) + 1;
    this.nextMessageId.set(chatId, id);
    return id;
  }

  private async pushUpdate(update: Update): Promise<Update> {
    update.update_id = this.nextUpdateId++;
    if (this.webhook) {
      await this.deliverWebhook(update);
    } else {
      this.queue.push(update);
      for (const wake of this.pollers) wake();
    }
    return update;
  }

  /** POSTs an update to the webhook like Telegram does (with the secret header); resent until 200. */
  private async deliverWebhook(update: Update): Promise<void> {
    const hook = this.webhook as { url: string; secret: string | undefined };
    const target = new URL(hook.url);
    const url = this.webhookOrigin ? `${this.webhookOrigin}${target.pathname}${target.search}` : hook.url;
    for (let attempt = 0; attempt < 5; attempt++) {
      let status = 0;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(hook.secret ? { 'x-telegram-bot-api-secret-token': hook.secret } : {}) },
          body: JSON.stringify(update),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
      this.webhookDeliveries.push({ update, status });
      if (status >= 200 && status < 300) return;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
  }

  private createHttpServer(): Server {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const params = await readParams(req, url);
    const call: FakeCall = { method: match?.[2] ?? url.pathname, params, receivedAt, status: 0, answered: false };
    this.calls.push(call);
    let aborted = false;
    res.on('close', () => {
      if (!res.writableFinished) aborted = true;
    });

    const reply = (status: number, body: ApiSuccess<unknown> | ApiError) => {
      call.status = status;
      if (aborted || res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      call.answered = true;
    };
    const error = (code: number, description: string, retryAfter?: number) =>
      reply(code, { ok: false, error_code: code, description, ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}) });

    for (const l of [...this.listeners]) l(call);
    if (!match) return error(404, 'Not Found');
    if (match[1] !== this.token) return error(401, 'Unauthorized');
    const method = match[2] as string;

    if (this.holds.has(method)) {
      await new Promise<void>((resolve) => {
        this.held.push({ method, release: resolve });
        res.on('close', () => resolve());
      });
      if (aborted || res.destroyed) {
        call.status = 0;
        return;
      }
    }

    const failure = this.failures.find((f) => f.remaining > 0 && (f.method === '*' || f.method === method));
    if (failure) {
      failure.remaining--;
      return error(failure.errorCode, failure.description, failure.retryAfter);
    }

    const ok = (result: unknown) => reply(200, { ok: true, result });
    switch (method) {
      case 'getMe': {
        const me: UserFromGetMe = {
          ...this.botUser(),
          is_bot: true,
          username: this.username,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
          can_connect_to_business: false,
          has_main_web_app: false,
          has_topics_enabled: false,
          allows_users_to_create_topics: false,
          can_manage_bots: false,
          supports_join_request_queries: false,
        };
        return ok(me);
      }
      case 'sendMessage': {
        const chatId = Number(params.chat_id);
        const text = String(params.text ?? '');
        if (!Number.isFinite(chatId)) return error(400, 'Bad Request: chat not found');
        if (this.blockedChats.has(chatId)) return error(403, BLOCKED);
        if (this.notStartedChats.has(chatId)) return error(403, NEVER_STARTED);
        if (!text.trim()) return error(400, 'Bad Request: message text is empty');
        if (text.length > 4096) return error(400, 'Bad Request: message is too long');
        const markup = parseMarkup(params.reply_markup);
        const invalid = markup && invalidButton(markup);
        if (invalid) return error(400, invalid);
        const messageId = this.allocateMessageId(chatId);
        const stored: FakeMessage = { chatId, messageId, text, replyMarkup: markup, history: [text], sentAt: Date.now() };
        this.messages.set(`${chatId}:${messageId}`, stored);
        return ok(this.asMessage(stored));
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const chatId = Number(params.chat_id);
        const stored = this.messages.get(`${chatId}:${Number(params.message_id)}`);
        if (this.blockedChats.has(chatId)) return error(403, BLOCKED);
        if (this.notStartedChats.has(chatId)) return error(403, NEVER_STARTED);
        if (!stored) return error(400, 'Bad Request: message to edit not found');
        const text = method === 'editMessageText' ? String(params.text ?? '') : stored.text;
        if (!text.trim()) return error(400, 'Bad Request: message text is empty');
        const markup = parseMarkup(params.reply_markup);
        const invalid = markup && invalidButton(markup);
        if (invalid) return error(400, invalid);
        if (text === stored.text && JSON.stringify(markup ?? null) === JSON.stringify(stored.replyMarkup ?? null)) {
          return error(400, NOT_MODIFIED);
        }
        stored.text = text;
        stored.replyMarkup = markup;
        stored.history.push(text);
        return ok(this.asMessage(stored));
      }
      case 'answerCallbackQuery': {
        const id = String(params.callback_query_id ?? '');
        if (!this.openQueries.has(id) || this.answeredQueries.has(id)) {
          return error(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        }
        this.answeredQueries.add(id);
        return ok(true);
      }
      case 'setWebhook': {
        const hookUrl = String(params.url ?? '');
        if (!hookUrl) {
          this.webhook = null;
          return reply(200, { ok: true, result: true, description: 'Webhook was deleted' } as ApiSuccess<true>);
        }
        if (!hookUrl.startsWith('https://')) return error(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        const secret = params.secret_token === undefined ? undefined : String(params.secret_token);
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return error(400, 'Bad Request: secret token contains unallowed characters');
        this.webhook = { url: hookUrl, secret };
        for (const wake of this.pollers) wake();
        if (isTrue(params.drop_pending_updates)) this.queue.length = 0;
        return reply(200, { ok: true, result: true, description: 'Webhook was set' } as ApiSuccess<true>);
      }
      case 'deleteWebhook': {
        const had = this.webhook !== null;
        this.webhook = null;
        if (isTrue(params.drop_pending_updates)) this.queue.length = 0;
        return reply(200, { ok: true, result: true, description: had ? 'Webhook was deleted' : 'Webhook is already deleted' } as ApiSuccess<true>);
      }
      case 'getWebhookInfo': {
        const info: WebhookInfo = { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.queue.length };
        return ok(info);
      }
      case 'getUpdates': {
        if (this.webhook) return error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        // One getUpdates at a time per bot: this call ends the one still waiting.
        this.terminateWaitingPoll?.();
        let terminated = false;
        const terminate = () => {
          terminated = true;
          for (const wake of this.pollers) wake();
        };
        this.terminateWaitingPoll = terminate;
        const offset = params.offset === undefined ? undefined : Number(params.offset);
        const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
        const timeout = Math.max(0, Number(params.timeout ?? 0));
        // Updates before the offset are confirmed: Telegram forgets them.
        if (offset !== undefined) {
          while (this.queue.length && (this.queue[0] as Update).update_id < offset) this.queue.shift();
        }
        const deadline = Date.now() + timeout * 1000;
        while (!this.queue.length && Date.now() < deadline && !aborted && !this.refusing && !this.webhook && !terminated) {
          await new Promise<void>((resolve) => {
            const wake = () => {
              clearTimeout(timer);
              this.pollers.delete(wake);
              resolve();
            };
            const timer = setTimeout(wake, Math.max(0, deadline - Date.now()));
            this.pollers.add(wake);
            res.once('close', wake);
          });
        }
        if (this.terminateWaitingPoll === terminate) this.terminateWaitingPoll = null;
        if (terminated) return error(409, TERMINATED);
        if (this.webhook) return error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        return ok(this.queue.slice(0, limit));
      }
      default:
        return error(404, 'Not Found');
    }
  }

  private asMessage(m: FakeMessage): Message.TextMessage {
    return {
      message_id: m.messageId,
      date: Math.floor(m.sentAt / 1000),
      chat: { id: m.chatId, type: 'private', first_name: 'Técnico' },
      from: this.botUser(),
      text: m.text,
      ...(m.history.length > 1 ? { edit_date: Math.floor(Date.now() / 1000) } : {}),
      ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
    };
  }
}

/** Bot API parameters from the query string and a JSON, urlencoded or multipart body. */
async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return params;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) {
    try {
      Object.assign(params, JSON.parse(raw) as Record<string, unknown>);
    } catch {
      /* an unparsable body is treated as no parameters, like Telegram does */
    }
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(raw)));
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    const b = boundary?.[1] ?? boundary?.[2];
    if (b) {
      for (const part of raw.split(`--${b}`)) {
        const m = /name="([^"]+)"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*)\r\n$/.exec(part);
        if (m) params[m[1] as string] = m[2];
      }
    }
  }
  return params;
}

function parseMarkup(raw: unknown): InlineKeyboardMarkup | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  const markup = value as InlineKeyboardMarkup;
  return Array.isArray(markup?.inline_keyboard) && markup.inline_keyboard.length ? markup : undefined;
}

/** Telegram's own checks on inline buttons: callback data 1–64 bytes, URLs public http(s). */
function invalidButton(markup: InlineKeyboardMarkup): string | null {
  for (const row of markup.inline_keyboard) {
    for (const button of row as InlineKeyboardButton[]) {
      if ('callback_data' in button) {
        const bytes = Buffer.byteLength(String(button.callback_data), 'utf8');
        if (bytes < 1 || bytes > 64) return 'Bad Request: BUTTON_DATA_INVALID';
      }
      if ('url' in button) {
        let u: URL | null = null;
        try {
          u = new URL(String(button.url));
        } catch {
          u = null;
        }
        // Telegram refuses local hosts and bare addresses (it must be able to open the link).
        const local = !u || u.hostname === 'localhost' || !u.hostname.includes('.') || /^[\d.]+$|^\[/.test(u.hostname);
        if (!u || !['http:', 'https:', 'tg:'].includes(u.protocol) || (u.protocol !== 'tg:' && local)) {
          return `Bad Request: inline keyboard button URL '${String(button.url)}' is invalid: Wrong HTTP URL`;
        }
      }
    }
  }
  return null;
}

function isTrue(v: unknown): boolean {
  return v === true || v === 'true' || v === '1';
}

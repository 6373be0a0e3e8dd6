/**
 * The fake Bot API behaves like Telegram where ITIMS depends on it: envelopes, error shapes with
 * HTTP status = error_code, long polling with offsets, the /start entity, button presses,
 * scripted failures. Driven through grammY's own client, so what grammY understands is checked.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Api, GrammyError, HttpError } from 'grammy';
import { FakeTelegram } from './fakes/telegram-bot-api';

describe('fake Telegram Bot API', () => {
  let fake: FakeTelegram;
  let api: Api;
  beforeEach(async () => {
    fake = await FakeTelegram.start();
    api = new Api(fake.token, { apiRoot: fake.apiRoot, timeoutSeconds: 5 });
  });
  afterEach(() => fake.stop());

  it('answers getMe with the bot user and sendMessage with a Message, numbering messages per chat', async () => {
    const me = await api.getMe();
    expect(me).toMatchObject({ id: fake.botId, is_bot: true, username: 'itims_test_bot' });
    const first = await api.sendMessage(111, 'hola', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a:1:x' }]] } });
    const second = await api.sendMessage(111, 'otra');
    const other = await api.sendMessage(222, 'otro chat');
    expect(first).toMatchObject({ message_id: 1, chat: { id: 111, type: 'private' }, text: 'hola', from: { is_bot: true } });
    expect(first.reply_markup?.inline_keyboard[0]?.[0]).toEqual({ text: 'A', callback_data: 'a:1:x' });
    expect(second.message_id).toBe(2);
    expect(other.message_id).toBe(1);
    expect(fake.sent(111).map((m) => m.text)).toEqual(['hola', 'otra']);
  });

  it('uses the Bot API error envelope with the HTTP status equal to error_code', async () => {
    fake.failWithRetryAfter('sendMessage', 7);
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: 1, text: 'x' }),
    });
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });

    const wrongToken = await fetch(`${fake.apiRoot}/bot123:wrong/getMe`);
    expect(wrongToken.status).toBe(401);
    expect(await wrongToken.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const unknown = await fetch(`${fake.apiRoot}/bot${fake.token}/noSuchMethod`);
    expect(unknown.status).toBe(404);
  });

  it('reads parameters from form bodies and query strings as well as JSON', async () => {
    const form = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '5', text: 'por formulario' }).toString(),
    });
    expect((await form.json()).result.text).toBe('por formulario');
    const query = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage?chat_id=5&text=por%20consulta`);
    expect((await query.json()).result).toMatchObject({ message_id: 2, text: 'por consulta' });
  });

  it('gives grammY the errors it types: 403 blocked, 400 not modified, 429 retry_after', async () => {
    fake.block(333);
    const blocked = await api.sendMessage(333, 'x').catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(GrammyError);
    expect((blocked as GrammyError).error_code).toBe(403);
    expect((blocked as GrammyError).description).toBe('Forbidden: bot was blocked by the user');

    const m = await api.sendMessage(444, 'igual');
    const same = await api.editMessageText(444, m.message_id, 'igual').catch((e: unknown) => e);
    expect((same as GrammyError).error_code).toBe(400);
    expect((same as GrammyError).description).toMatch(/^Bad Request: message is not modified/);
    const edited = await api.editMessageText(444, m.message_id, 'cambiado');
    expect(edited).toMatchObject({ text: 'cambiado' });
    await api.editMessageReplyMarkup(444, m.message_id, { reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] } });
    expect(fake.sent(444)[0]?.replyMarkup?.inline_keyboard[0]?.[0]).toMatchObject({ text: 'B' });

    fake.failWithRetryAfter('*', 3);
    const limited = (await api.getMe().catch((e: unknown) => e)) as GrammyError;
    expect(limited.error_code).toBe(429);
    expect(limited.parameters.retry_after).toBe(3);
  });

  it('refuses URL buttons to local addresses and callback data over 64 bytes, as Telegram does', async () => {
    const local = (await api.sendMessage(1, 'x', { reply_markup: { inline_keyboard: [[{ text: 'Ver', url: 'http://localhost:3000/n/abc' }]] } }).catch((e: unknown) => e)) as GrammyError;
    expect(local.error_code).toBe(400);
    expect(local.description).toMatch(/Wrong HTTP URL/);
    const long = (await api.sendMessage(1, 'x', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'x'.repeat(65) }]] } }).catch((e: unknown) => e)) as GrammyError;
    expect(long.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('long-polls getUpdates, confirms by offset, and sends /start with its bot_command entity', async () => {
    const waiting = api.getUpdates({ timeout: 5 });
    await new Promise((r) => setTimeout(r, 100));
    await fake.startCommand(555, 'TOKEN_abc-123');
    const updates = await waiting;
    expect(updates).toHaveLength(1);
    const message = updates[0]?.message;
    expect(message?.text).toBe('/start TOKEN_abc-123');
    expect(message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect(message?.chat).toMatchObject({ id: 555, type: 'private' });

    const sent = await api.sendMessage(555, 'con botón', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a:9:zz' }]] } });
    const queryId = await fake.pressButton(555, sent.message_id, 'a:9:zz');
    const next = await api.getUpdates({ offset: (updates[0]?.update_id ?? 0) + 1, timeout: 1 });
    expect(next).toHaveLength(1);
    expect(next[0]?.callback_query).toMatchObject({ id: queryId, data: 'a:9:zz', from: { id: 555 }, message: { message_id: sent.message_id } });
    expect(await api.answerCallbackQuery(queryId, { text: 'ok' })).toBe(true);
    const again = (await api.answerCallbackQuery(queryId).catch((e: unknown) => e)) as GrammyError;
    expect(again.error_code).toBe(400);
    expect(fake.answers()).toEqual([{ id: queryId, text: 'ok' }]);
  });

  it('answers getUpdates with 409 while a webhook is set, and delivers updates to the webhook with the secret', async () => {
    const received: { secret: string | undefined; body: unknown }[] = [];
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined, body: JSON.parse(body) });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      expect(await api.setWebhook('https://itims.example.org/telegram/webhook', { secret_token: 's3cr3t' })).toBe(true);
      fake.routeWebhooksTo(`http://127.0.0.1:${port}`);
      const conflict = (await api.getUpdates().catch((e: unknown) => e)) as GrammyError;
      expect(conflict.error_code).toBe(409);
      await fake.sendText(777, 'hola');
      expect(received).toHaveLength(1);
      expect(received[0]?.secret).toBe('s3cr3t');
      expect(received[0]?.body).toMatchObject({ message: { text: 'hola', chat: { id: 777 } } });
      expect(await api.deleteWebhook()).toBe(true);
      expect(fake.webhookUrl).toBeNull();
    } finally {
      server.close();
    }
  });

  it('ends a waiting getUpdates with 409 when another getUpdates starts, as Telegram does with two pollers', async () => {
    const first = api.getUpdates({ timeout: 5 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const second = api.getUpdates({ timeout: 5 });
    const ended = (await first) as GrammyError;
    expect(ended).toBeInstanceOf(GrammyError);
    expect(ended.error_code).toBe(409);
    expect(ended.description).toBe('Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
    await fake.sendText(556, 'hola');
    expect((await second).map((u) => u.message?.text)).toEqual(['hola']);
  });

  it('refuses a chat whose user never started the bot with 403, until that user writes to it', async () => {
    fake.neverStarted(558);
    const refused = (await api.sendMessage(558, 'hola').catch((e: unknown) => e)) as GrammyError;
    expect(refused).toBeInstanceOf(GrammyError);
    expect(refused.error_code).toBe(403);
    expect(refused.description).toBe("Forbidden: bot can't initiate conversation with a user");
    await fake.startCommand(558, 'TOKEN');
    expect(await api.sendMessage(558, 'hola')).toMatchObject({ text: 'hola', chat: { id: 558 } });
  });

  it('refuses connections while told to, then serves again on the same address', async () => {
    await fake.refuseConnections();
    const refused = await api.getMe().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpError);
    await fake.acceptConnections();
    expect((await api.getMe()).username).toBe('itims_test_bot');
  });

  it('holds a method until released, and drops a held call whose client went away', async () => {
    fake.hold('sendMessage');
    const controller = new AbortController();
    const pending = api.sendMessage(888, 'retenido', undefined, controller.signal as never).catch((e: unknown) => e);
    await fake.nextCall('sendMessage').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await pending;
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.sent(888)).toHaveLength(0);
    const released = api.sendMessage(888, 'después');
    await new Promise((r) => setTimeout(r, 50));
    fake.releaseHeld('sendMessage');
    expect((await released).text).toBe('después');
    expect(fake.sent(888).map((m) => m.text)).toEqual(['después']);
  });
});

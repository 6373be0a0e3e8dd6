/**
 * How Telegram's answers become the worker's retry policy, through grammY against the fake:
 * 429 → wait retry_after; 5xx and refused connections → retry with backoff; 403 blocked → the
 * chat is unreachable; 400 "message is not modified" → done; other 400s → permanent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentJobError, RetryAfterError } from '../src/jobs/job-errors';
import { ChatUnreachableError } from '../src/notifications/outgoing-message';
import { TelegramClient } from '../src/notifications/telegram/telegram-client';
import { FakeTelegram } from './fakes/telegram-bot-api';

describe('Telegram client', () => {
  let fake: FakeTelegram;
  let client: TelegramClient;
  const message = { text: 'Nuevo ticket TK-TEST0001', buttons: [[{ text: 'Asignarme', callbackData: 'a:1:abcdefghijklmnop' }]] };

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    client = new TelegramClient({ botToken: fake.token, apiRoot: fake.apiRoot, timeoutSeconds: 5 });
  });
  afterAll(() => fake.stop());

  it('sends with the inline keyboard and returns the message id', async () => {
    const id = await client.send('9001', message);
    expect(id).toBe('1');
    expect(fake.sent(9001)[0]?.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Asignarme', callback_data: 'a:1:abcdefghijklmnop' }]] });
    expect(await client.username()).toBe('itims_test_bot');
  });

  it('treats "message is not modified" as done and removes buttons on edit', async () => {
    const id = await client.send('9002', message);
    await client.edit('9002', id, { text: 'Ya lo tomó Rosa', buttons: [] });
    await expect(client.edit('9002', id, { text: 'Ya lo tomó Rosa', buttons: [] })).resolves.toBeUndefined();
    expect(fake.sent(9002)[0]).toMatchObject({ text: 'Ya lo tomó Rosa', replyMarkup: undefined });
  });

  it('maps 429 to RetryAfterError with Telegram’s delay', async () => {
    fake.failWithRetryAfter('sendMessage', 12);
    const err = await client.send('9003', message).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryAfterError);
    expect((err as RetryAfterError).retryAfterMs).toBe(12_000);
  });

  it('maps 403 blocked to ChatUnreachableError and other 400s to PermanentJobError', async () => {
    fake.block(9004);
    const blocked = await client.send('9004', message).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(ChatUnreachableError);
    expect((blocked as ChatUnreachableError).reason).toBe('Forbidden: bot was blocked by the user');
    expect((blocked as ChatUnreachableError).kind).toBe('blocked');
    const bad = await client.edit('9005', '77', message).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(PermanentJobError);
    expect((bad as Error).message).toBe('Telegram 400: Bad Request: message to edit not found');
  });

  it('maps 403 "can\'t initiate conversation" (the user never started this bot) to an unreachable chat of its own kind', async () => {
    fake.neverStarted(9008);
    const refused = await client.send('9008', message).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChatUnreachableError);
    expect(refused).toMatchObject({ kind: 'never-started', reason: "Forbidden: bot can't initiate conversation with a user" });
    await fake.sendText(9008, '/start');
    expect(await client.send('9008', message)).toMatch(/^\d+$/);
  });

  it('leaves 5xx and refused connections as retryable errors', async () => {
    fake.failWithServerError('sendMessage');
    const server = await client.send('9006', message).catch((e: unknown) => e);
    expect(server).toBeInstanceOf(Error);
    expect(server).not.toBeInstanceOf(PermanentJobError);
    expect(server).not.toBeInstanceOf(RetryAfterError);
    await fake.refuseConnections();
    const refused = await client.send('9006', message).catch((e: unknown) => e);
    await fake.acceptConnections();
    expect((refused as Error).message).toMatch(/^red: /);
    expect(refused).not.toBeInstanceOf(PermanentJobError);
    expect((refused as Error).message).not.toContain(fake.token);
  });

  it('gives up on a request Telegram does not answer in time, as a retryable error', async () => {
    const impatient = new TelegramClient({ botToken: fake.token, apiRoot: fake.apiRoot, timeoutSeconds: 1 });
    fake.hold('sendMessage');
    const started = Date.now();
    const err = await impatient.send('9007', message).catch((e: unknown) => e);
    fake.releaseHeld('sendMessage');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((err as Error).message).toMatch(/^red: .*timed out/);
    expect(err).not.toBeInstanceOf(PermanentJobError);
    expect(fake.sent(9007)).toHaveLength(0);
  });
});

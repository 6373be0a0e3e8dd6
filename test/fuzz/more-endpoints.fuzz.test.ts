/**
 * Fuzzing the rest of the public surface: the assistant (`POST /chat`, feedback), the survey and
 * the Telegram webhook (with the right secret, so random updates reach the handler and the outbox).
 * Properties: never a 5xx; every refusal in the error envelope; a refused request writes nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEachDialect, startTestApp, type TestApp } from '../helpers/app';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SECRET = 'secreto-para-fuzzing';

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ minLength: 2000, maxLength: 9000 }),
  fc.constantFrom('__proto__', 'constructor', '<script>alert(1)</script>', "' OR 1=1 --", '\u0000', '\ud800', '/start x'),
  fc.integer(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308, 2 ** 53 + 1),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    nasty,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'role', 'content')), tie('node'), { maxKeys: 4 }),
  ),
})).node;

describeEachDialect('fuzzing the assistant, survey and webhook', (dialect) => {
  let t: TestApp;
  let inputs = 0;
  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { TELEGRAM_BOT_TOKEN: '123456:AAFakeTokenForFuzzing_abcdefghijk', TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: 'http://127.0.0.1:9' } });
  });
  afterAll(async () => {
    await t.close();
    console.log(`[fuzz more ${dialect}] inputs tried: ${inputs}`);
  });

  const rowCount = async (table: 'assistant_interactions' | 'ticket_surveys' | 'telegram_updates' | 'jobs') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const envelopeOrSuccess = (res: { statusCode: number; body: string }) => {
    expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
    if (res.statusCode >= 400) expect(typeof JSON.parse(res.body).error.message).toBe('string');
  };

  it('POST /chat never answers 5xx and stores a metrics row only for an answer', async () => {
    const message = fc.record({ role: fc.oneof(fc.constantFrom('user', 'assistant', 'system'), nasty), content: fc.oneof(nasty, fc.constant('la impresora no imprime')) }, { requiredKeys: [] });
    // A valid conversation (any question text) is one of the shapes, so answers are checked too.
    const question = fc.oneof(
      fc.constant('la impresora no imprime'),
      fc.string({ minLength: 1, maxLength: 300 }).map((s) => `¿Cómo arreglo esto? ${s}`),
    );
    const valid = fc.record({ messages: fc.tuple(question).map(([content]) => [{ role: 'user', content }]) });
    let answered = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(valid, fc.record({ messages: fc.oneof(fc.array(message, { maxLength: 30 }), value) }, { requiredKeys: [] }), value), async (body) => {
        inputs++;
        const before = await rowCount('assistant_interactions');
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/chat', payload: JSON.stringify(body) ?? 'null', headers: { 'content-type': 'application/json' } });
        envelopeOrSuccess(res);
        if (res.statusCode === 200) answered++;
        else refused++;
        expect(await rowCount('assistant_interactions')).toBe(before + (res.statusCode === 200 ? 1 : 0));
      }),
      { numRuns: RUNS },
    );
    expect(answered).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('feedback and survey never answer 5xx and refusals write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), value, fc.constantFrom('chat', 'survey'), async (id, body, kind) => {
        inputs++;
        const url = kind === 'chat' ? `/api/v1/chat/${encodeURIComponent(id) || 'x'}/feedback` : `/api/v1/tickets/${encodeURIComponent(id) || 'x'}/survey`;
        const before = await rowCount('ticket_surveys');
        const res = await t.app.inject({ method: 'POST', url, payload: JSON.stringify(body) ?? 'null', headers: { 'content-type': 'application/json' } });
        envelopeOrSuccess(res);
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(await rowCount('ticket_surveys')).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('the webhook refuses anything without the secret and never answers 5xx with it', async () => {
    const update = fc.oneof(
      value,
      fc.record({ update_id: fc.oneof(fc.nat(), nasty), message: value, callback_query: value }, { requiredKeys: [] }),
      fc.record({
        update_id: fc.nat(),
        message: fc.record(
          { message_id: fc.nat(), date: fc.nat(), chat: fc.record({ id: fc.integer(), type: fc.constant('private') }), text: fc.oneof(nasty, fc.constant('/start abc')), entities: value },
          { requiredKeys: [] },
        ),
      }),
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(update, fc.boolean(), async (body, withSecret) => {
        inputs++;
        const before = { updates: await rowCount('telegram_updates'), jobs: await rowCount('jobs') };
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (withSecret) headers['x-telegram-bot-api-secret-token'] = SECRET;
        const res = await t.app.inject({ method: 'POST', url: '/telegram/webhook', payload: JSON.stringify(body) ?? 'null', headers });
        expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
        if (!withSecret) {
          expect(res.statusCode).toBe(401);
          expect({ updates: await rowCount('telegram_updates'), jobs: await rowCount('jobs') }).toEqual(before);
        } else if (res.statusCode !== 200) {
          expect({ updates: await rowCount('telegram_updates'), jobs: await rowCount('jobs') }).toEqual(before);
        } else {
          accepted++;
        }
      }),
      { numRuns: RUNS },
    );
    // Updates with the secret reached the handler (not only refusals were checked).
    expect(accepted).toBeGreaterThan(0);
  });
});

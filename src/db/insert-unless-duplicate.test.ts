/**
 * Every "insert unless the key exists" of the code (job dedupe keys, Idempotency-Keys, requester
 * subscriptions, Telegram update ids, survey answers) skips a duplicate quietly and raises any
 * other error — on MariaDB too, where `INSERT IGNORE` used to turn a foreign-key failure or an
 * over-long key into a warning and a silently skipped or truncated row.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { buildTicket } from '../../test/helpers/factories';
import { storeResponse } from './idempotency.repository';
import { enqueueJob } from '../jobs/jobs.repository';
import { rememberUpdate, subscribeChat } from '../notifications/notifications.repository';
import { insertSurveyOnce } from '../tickets/surveys.repository';

const MISSING_TICKET = 987_654_321;

describeEachDialect('insert unless duplicate', (dialect) => {
  let d: TestDatabase;
  let ticketId: number;
  beforeAll(async () => {
    d = await createTestDatabase(dialect);
    ticketId = (await buildTicket({ db: d.db, dialect })).id;
  });
  afterAll(() => d.drop());
  const now = 1_800_000_000_000;

  it('skips a second job with the same dedupe key and raises a job that cannot be stored', async () => {
    await enqueueJob(d.db, dialect, { type: 'test.once', payload: {}, runAt: now, dedupeKey: 'once-1' }, now);
    await enqueueJob(d.db, dialect, { type: 'test.once', payload: { again: true }, runAt: now, dedupeKey: 'once-1' }, now);
    expect(await d.db.selectFrom('jobs').select('payload').where('dedupe_key', '=', 'once-1').execute()).toEqual([{ payload: '{}' }]);
    await expect(enqueueJob(d.db, dialect, { type: null as never, payload: {}, runAt: now, dedupeKey: 'once-null' }, now)).rejects.toThrow();
    expect(await d.db.selectFrom('jobs').select('id').where('dedupe_key', '=', 'once-null').execute()).toEqual([]);
  });

  it('stores an Idempotency-Key once, tells the second writer, and raises a key too long for its column', async () => {
    const response = { requestHash: 'h', statusCode: 201, body: { ok: true } };
    expect(await storeResponse(d.db, dialect, 'key-1', response, now)).toBe(true);
    expect(await storeResponse(d.db, dialect, 'key-1', response, now)).toBe(false);
    // SQLite does not enforce a varchar length; the other two must refuse, not truncate.
    if (dialect !== 'sqlite') await expect(storeResponse(d.db, dialect, 'k'.repeat(300), response, now)).rejects.toThrow();
    if (dialect !== 'sqlite') expect(await d.db.selectFrom('idempotency_keys').select('key').where('key', 'like', 'kkkk%').execute()).toEqual([]);
  });

  it('subscribes a chat once and raises a subscription to a ticket that does not exist', async () => {
    await subscribeChat(d.db, dialect, ticketId, '555', now);
    await subscribeChat(d.db, dialect, ticketId, '555', now);
    expect(await d.db.selectFrom('ticket_subscriptions').select('chat_id').where('ticket_id', '=', ticketId).execute()).toEqual([{ chat_id: '555' }]);
    await expect(subscribeChat(d.db, dialect, MISSING_TICKET, '556', now)).rejects.toThrow();
  });

  it('remembers an update id once and says when it was seen before', async () => {
    expect(await rememberUpdate(d.db, dialect, 4242, now)).toBe(true);
    expect(await rememberUpdate(d.db, dialect, 4242, now)).toBe(false);
    // (SQLite, by an old quirk, accepts NULL in a primary key that is not an INTEGER one.)
    if (dialect !== 'sqlite') await expect(rememberUpdate(d.db, dialect, null as unknown as number, now)).rejects.toThrow();
  });

  it('keeps the first survey answer of a ticket and raises an answer for a ticket that does not exist', async () => {
    expect(await insertSurveyOnce(d.db, dialect, { ticketId, score: 5, comment: null, now })).toBe(true);
    expect(await insertSurveyOnce(d.db, dialect, { ticketId, score: 1, comment: 'otra vez', now })).toBe(false);
    expect(await d.db.selectFrom('ticket_surveys').select('score').where('ticket_id', '=', ticketId).execute()).toEqual([{ score: 5 }]);
    await expect(insertSurveyOnce(d.db, dialect, { ticketId: MISSING_TICKET, score: 4, comment: null, now })).rejects.toThrow();
  });

  it('a skipped duplicate inside a transaction leaves the transaction usable', async () => {
    await d.db.transaction().execute(async (trx) => {
      await enqueueJob(trx, dialect, { type: 'test.tx', payload: {}, runAt: now, dedupeKey: 'once-1' }, now);
      await enqueueJob(trx, dialect, { type: 'test.tx', payload: {}, runAt: now, dedupeKey: 'tx-2' }, now);
    });
    expect(await d.db.selectFrom('jobs').select('type').where('dedupe_key', '=', 'tx-2').execute()).toEqual([{ type: 'test.tx' }]);
  });
});

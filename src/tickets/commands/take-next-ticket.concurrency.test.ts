/**
 * "Tomar siguiente" under a real race: 20 technicians over 100 waiting tickets, each on its own
 * database connection (pool of 20), on every dialect.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/databases';
import { buildCategory, buildOffice, buildStaff, buildTicket, buildUser } from '../../../test/helpers/factories';
import { systemClock } from '../../core/context';
import { takeNextTicket, type TakenTicket } from './take-next-ticket';

describeEachDialect('take next ticket, 20 technicians at once', (dialect) => {
  let database: TestDatabase;
  let techIds: number[];
  const ticketIdsOldestFirst: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect, { poolSize: 20 });
    techIds = [];
    for (let i = 0; i < 20; i++) techIds.push(await insertTechnician(i));
    const office = await buildOffice(database);
    const person = await buildStaff(database, { officeId: office.id });
    const category = await buildCategory(database);
    const base = Date.now() - 10 * 3600_000;
    for (let i = 0; i < 100; i++) {
      // Some share a registration millisecond: the id breaks the tie, as in the queue order.
      const t = await buildTicket(database, { staffId: person.id, officeId: office.id, categoryId: category.id, at: base + Math.floor(i / 3) * 1000 });
      ticketIdsOldestFirst.push(t.id);
    }
  }, 120_000);
  afterAll(() => database.drop());

  // Password hashing is not under test here: one hash shared by the 20 accounts.
  let passwordHash: string | null = null;
  async function insertTechnician(i: number): Promise<number> {
    if (!passwordHash) {
      const first = await buildUser(database, { username: `carrera${i}` });
      passwordHash = (await database.db.selectFrom('users').select('password_hash').where('id', '=', first.id).executeTakeFirstOrThrow()).password_hash;
      return first.id;
    }
    const now = Date.now();
    await database.db
      .insertInto('users')
      .values({ username: `carrera${i}`, password_hash: passwordHash, full_name: `Técnico ${i}`, role: 'technician', active: 1, on_duty: 1, telegram_chat_id: null, telegram_username: null, telegram_linked_at: null, password_changed_at: now, created_at: now, updated_at: now })
      .execute();
    return (await database.db.selectFrom('users').select('id').where('username', '=', `carrera${i}`).executeTakeFirstOrThrow()).id;
  }

  it('assigns every ticket exactly once, one per call, oldest first, with no error', async () => {
    const deps = { database, clock: systemClock };
    const calls = new Map<number, TakenTicket[]>(techIds.map((id) => [id, []]));
    const errors: unknown[] = [];

    // First wave: 20 simultaneous presses take exactly the 20 oldest tickets.
    const wave = await Promise.allSettled(techIds.map((userId) => takeNextTicket(deps, { userId, channel: 'web' })));
    wave.forEach((r, i) => {
      if (r.status === 'rejected') errors.push(r.reason);
      else if (r.value) calls.get(techIds[i]!)!.push(r.value);
    });
    expect(errors).toEqual([]);
    const firstWave = [...calls.values()].flat().map((t) => t.ticketId);
    expect(new Set(firstWave).size).toBe(20);
    expect([...firstWave].sort((a, b) => a - b)).toEqual([...ticketIdsOldestFirst.slice(0, 20)].sort((a, b) => a - b));

    // Then every technician keeps pressing until the queue is empty.
    await Promise.all(
      techIds.map(async (userId) => {
        for (;;) {
          try {
            const taken = await takeNextTicket(deps, { userId, channel: 'web' });
            if (!taken) return;
            calls.get(userId)!.push(taken);
          } catch (err) {
            errors.push(err);
            return;
          }
        }
      }),
    );
    expect(errors).toEqual([]);

    const all = [...calls.values()].flat();
    expect(all).toHaveLength(100);
    expect(new Set(all.map((t) => t.ticketId)).size).toBe(100);
    expect(new Set(all.map((t) => t.ticketId))).toEqual(new Set(ticketIdsOldestFirst));

    // The database agrees with what each caller was told: each ticket belongs to whoever got it.
    const rows = await database.db.selectFrom('tickets').select(['id', 'status', 'assignee_id']).where('id', 'in', ticketIdsOldestFirst).execute();
    const owner = new Map(rows.map((r) => [r.id, r.assignee_id]));
    for (const [userId, taken] of calls) for (const t of taken) expect(owner.get(t.ticketId)).toBe(userId);
    expect(rows.every((r) => r.status === 'in_progress')).toBe(true);

    // Exactly one assignment event and one `ticket.assigned` job per ticket.
    const events = await database.db.selectFrom('ticket_events').select('ticket_id').where('type', '=', 'assigned').execute();
    expect(events).toHaveLength(100);
    expect(new Set(events.map((e) => e.ticket_id)).size).toBe(100);
    const jobs = await database.db.selectFrom('jobs').select('payload').where('type', '=', 'ticket.assigned').execute();
    expect(jobs).toHaveLength(100);
    expect(new Set(jobs.map((j) => (JSON.parse(j.payload) as { ticketId: number }).ticketId)).size).toBe(100);

    // With nothing left, everyone is told so.
    for (const userId of techIds.slice(0, 3)) expect(await takeNextTicket(deps, { userId, channel: 'web' })).toBeNull();
  }, 120_000);
});

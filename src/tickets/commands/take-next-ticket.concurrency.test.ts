/**
 * "Tomar siguiente" under a real race: 20 technicians over 100 waiting tickets in the four
 * priority lanes, each on its own database connection (pool of 20), on every dialect.
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
  /** In serving order: critical, high, normal, low; oldest first (id breaks ties) in each lane. */
  const ticketIdsOldestFirst: number[] = [];
  const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;

  beforeAll(async () => {
    database = await createTestDatabase(dialect, { poolSize: 20 });
    techIds = [];
    for (let i = 0; i < 20; i++) techIds.push(await insertTechnician(i));
    const office = await buildOffice(database);
    const person = await buildStaff(database, { officeId: office.id });
    const category = await buildCategory(database);
    const base = Date.now() - 10 * 3600_000;
    const built: { id: number; lane: number; at: number }[] = [];
    for (let i = 0; i < 100; i++) {
      // Some share a registration millisecond: the id breaks the tie, as in the queue order. The
      // lanes are mixed in time (7 critical, 13 high, … — critical ones filed late among the rest),
      // so the serving order differs from plain FIFO.
      const lane = i % 13 === 5 ? 0 : i % 7 === 3 ? 1 : i % 3 === 0 ? 3 : 2;
      const at = base + Math.floor(i / 3) * 1000;
      const t = await buildTicket(database, { staffId: person.id, officeId: office.id, categoryId: category.id, at, priority: PRIORITIES[lane] });
      built.push({ id: t.id, lane, at });
    }
    built.sort((x, y) => x.lane - y.lane || x.at - y.at || x.id - y.id);
    ticketIdsOldestFirst.push(...built.map((b) => b.id));
    expect(new Set(built.map((b) => b.lane)).size).toBe(4);
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
    return (await buildUser(database, { username: `carrera${i}`, fullName: `Técnico ${i}`, passwordHash })).id;
  }

  it('assigns every ticket exactly once, one per call, highest lane then oldest first, with no error', async () => {
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

    // Then every technician keeps pressing until the queue is empty: the queue only shrinks, so
    // each technician's own takes come in serving order (lanes first, FIFO inside each).
    const rank = new Map(ticketIdsOldestFirst.map((id, i) => [id, i]));
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
    for (const taken of calls.values()) {
      const ranks = taken.map((t) => rank.get(t.ticketId)!);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }

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

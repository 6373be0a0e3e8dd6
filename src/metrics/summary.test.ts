import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { buildCategory, buildNotification, buildOffice, buildStaff, buildUser } from '../../test/helpers/factories';
import { insertReturningId } from '../db/dialect';
import { APRIL_START, EXPECTED_MARCH, MARCH_START, buildKnownHistory, type KnownHistory } from './fixtures/known-history';
import { resolveRange } from './range';
import { computeSummary } from './summary';

const LIMA = 'America/Lima';
const pct = (x: number | null) => Math.round((x ?? NaN) * 10_000) / 100;
const hundredth = (x: number | null) => Math.round((x ?? NaN) * 100) / 100;

/** An office, a category, a person (with no office of the year) and a technician, for tickets written by hand. */
async function oneOfEach(d: TestDatabase, person: { dni: string; firstName: string; username: string; fullName: string }) {
  return {
    office: (await buildOffice(d, { name: 'Tesorería' })).id,
    category: (await buildCategory(d, { name: 'Red', sortOrder: 1 })).id,
    staff: (await buildStaff(d, { dni: person.dni, firstName: person.firstName, lastName: 'Ramos', officeId: null })).id,
    tech: (await buildUser(d, { username: person.username, fullName: person.fullName })).id,
  };
}

describeEachDialect('the six indicators', (dialect) => {
  let database: TestDatabase;
  let history: KnownHistory;
  const march = () => resolveRange({ from: '2026-03-01', to: '2026-03-31' }, LIMA, APRIL_START + 86_400_000);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    history = await buildKnownHistory(database);
  });
  afterAll(() => database.drop());

  it('computes every indicator of a known month to the hundredth', async () => {
    const s = await computeSummary(database.db, march());
    expect(s.from).toBe(new Date(MARCH_START).toISOString());
    expect(s.to).toBe(new Date(APRIL_START).toISOString());
    expect(s.tickets.reported).toBe(EXPECTED_MARCH.reported);
    expect(s.tickets.resolved).toBe(EXPECTED_MARCH.resolved);
    expect(s.tickets.cancelled).toBe(EXPECTED_MARCH.cancelled);
    expect(pct(s.tickets.resolutionRate)).toBe(99.34);
    expect(hundredth(s.tickets.avgResolutionMinutes)).toBe(119.91);
    expect(hundredth(s.tickets.avgFirstResponseMinutes)).toBe(8.01);
    expect(s.assistant).toMatchObject({ interactions: 1364, answered: 1166 });
    expect(pct(s.assistant.interactionRate)).toBe(85.48);
    expect(s.notifications).toMatchObject({ sent: 5290, opened: 4979, respondedTickets: 1052 });
    expect(pct(s.notifications.openRate)).toBe(94.12);
    expect(hundredth(s.notifications.avgResponseMinutes)).toBe(7.01);
    expect(s.satisfaction.responses).toBe(400);
    expect(hundredth(s.satisfaction.average)).toBe(4.43);
    expect(pct(s.satisfaction.score)).toBe(88.6);
    // The hand-written answers and the fixture's table agree.
    expect(pct(s.tickets.resolutionRate)).toBe(EXPECTED_MARCH.resolutionRatePct);
    expect(pct(s.notifications.openRate)).toBe(EXPECTED_MARCH.openRatePct);
    expect(pct(s.assistant.interactionRate)).toBe(EXPECTED_MARCH.interactionRatePct);
  });

  it('answers zeros and null averages, never NaN, for a range with no activity', async () => {
    const s = await computeSummary(database.db, resolveRange({ from: '2025-01-01', to: '2025-01-31' }, LIMA, APRIL_START));
    expect(s.tickets).toEqual({
      reported: 0,
      resolved: 0,
      cancelled: 0,
      resolutionRate: null,
      avgResolutionMinutes: null,
      avgResolutionBusinessMinutes: null,
      avgFirstResponseMinutes: null,
      reopened: 0,
      avgWaitingMinutes: null,
      avgWorkingMinutes: null,
      waitedTickets: 0,
    });
    expect(s.assistant).toEqual({ interactions: 0, answered: 0, interactionRate: null });
    expect(s.notifications).toEqual({ sent: 0, opened: 0, openRate: null, avgResponseMinutes: null, respondedTickets: 0 });
    expect(s.satisfaction).toEqual({ responses: 0, score: null, average: null });
    expect(JSON.stringify(s)).not.toContain('NaN');
  });

  it('counts a ticket in the period it was reported, even when it was resolved in the next one', async () => {
    // Reported 27 February, resolved 2 March: February owns it, with its full resolution time.
    const feb = await computeSummary(database.db, resolveRange({ from: '2026-02-01', to: '2026-02-28' }, LIMA, APRIL_START));
    expect(feb.tickets.reported).toBe(2); // the straddling ticket and the one at 23:59 on 28 February
    expect(feb.tickets.resolved).toBe(1);
    expect(hundredth(feb.tickets.avgResolutionMinutes)).toBe(hundredth((Date.parse('2026-03-02T15:00:00Z') - Date.parse('2026-02-27T15:00:00Z')) / 60_000));
    expect(feb.tickets.avgFirstResponseMinutes).toBe(30);
    // …and March does not count it (checked above: 1,058 reported, 1,051 resolved).
    const firstDays = await computeSummary(database.db, resolveRange({ from: '2026-03-01', to: '2026-03-02' }, LIMA, APRIL_START));
    expect(firstDays.tickets.resolved).toBeLessThanOrEqual(firstDays.tickets.reported);
  });

  it('uses local days of the configured time zone for date bounds', async () => {
    // 23:59 on 28 February in Lima is 04:59 UTC on 1 March: not a March ticket in Lima…
    const lastDay = await computeSummary(database.db, resolveRange({ from: '2026-02-28', to: '2026-02-28' }, LIMA, APRIL_START));
    expect(lastDay.tickets.reported).toBe(1);
    // …and in UTC that instant is already 1 March, so 28 February is empty.
    const utcDay = await computeSummary(database.db, resolveRange({ from: '2026-02-28', to: '2026-02-28' }, 'UTC', APRIL_START));
    expect(utcDay.tickets.reported).toBe(0);
    const isoRange = await computeSummary(database.db, resolveRange({ from: '2026-03-01T05:00:00Z', to: '2026-04-01T05:00:00Z' }, 'UTC', APRIL_START));
    expect(isoRange.tickets.reported).toBe(EXPECTED_MARCH.reported);
  });

  it('filters tickets, notifications and surveys by office and category, but not the anonymous assistant', async () => {
    const [officeA] = history.officeIds;
    const [, mail] = history.categoryIds;
    const byOffice = await computeSummary(database.db, march(), { officeId: officeA });
    const expectedOffice = history.marchTickets.filter((t) => t.officeId === officeA);
    expect(byOffice.tickets.reported).toBe(expectedOffice.length);
    expect(byOffice.tickets.resolved).toBe(expectedOffice.filter((t) => t.status === 'resolved').length);
    expect(byOffice.notifications.sent).toBe(expectedOffice.length * 5);
    expect(byOffice.assistant.interactions).toBe(1364);
    const both = await computeSummary(database.db, march(), { officeId: officeA, categoryId: mail });
    expect(both.tickets.reported).toBe(history.marchTickets.filter((t) => t.officeId === officeA && t.categoryId === mail).length);
    expect(both.satisfaction.responses).toBeLessThan(400);
    expect(both.satisfaction.responses).toBeGreaterThan(0);
  });
});

describeEachDialect('a ticket released and resolved again', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('measures resolution from registration to the final resolution, and response from the first action', async () => {
    const d = database;
    const now = Date.parse('2026-05-04T14:00:00Z');
    const MIN = 60_000;
    const { office, category, staff, tech } = await oneOfEach(d, { dni: '40000001', firstName: 'Luis', username: 'rel', fullName: 'Rel Tec' });
    // Taken at +10, released ("no logrado") at +30, taken again at +60, resolved at +120.
    const ticket = await insertReturningId(d.db, d.dialect, 'tickets', {
      code: 'TK-RELEASE1',
      staff_id: staff,
      office_id: office,
      category_id: category,
      description: 'Sin red en la oficina.',
      contact_phone: null,
      status: 'resolved',
      assignee_id: tech,
      queued_at: now,
      created_at: now,
      updated_at: now + 120 * MIN,
      first_action_at: now + 10 * MIN,
      resolved_at: now + 120 * MIN,
      closed_at: now + 120 * MIN,
      channel: 'portal',
    });
    const events: [string, string | null, string, number][] = [
      ['created', null, 'registered', 0],
      ['assigned', 'registered', 'in_progress', 10],
      ['released', 'in_progress', 'registered', 30],
      ['assigned', 'registered', 'in_progress', 60],
      ['resolved', 'in_progress', 'resolved', 120],
    ];
    await d.db
      .insertInto('ticket_events')
      .values(
        events.map(([type, from, to, m]) => ({
          ticket_id: ticket,
          type: type as 'created',
          from_status: from as null,
          to_status: to as 'registered',
          actor_user_id: m ? tech : null,
          channel: 'web' as const,
          note: null,
          at: now + m * MIN,
        })),
      )
      .execute();
    await buildNotification(d, { ticketId: ticket, userId: tech, linkToken: 'rel1', createdAt: now, sentAt: now + 2 * MIN, openedAt: now + 5 * MIN, openedVia: 'link', actedAt: now + 10 * MIN });
    const s = await computeSummary(d.db, resolveRange({ from: '2026-05-01', to: '2026-05-31' }, LIMA, now));
    expect(s.tickets).toEqual({
      reported: 1,
      resolved: 1,
      cancelled: 0,
      resolutionRate: 1,
      avgResolutionMinutes: 120,
      // Inserted as resolved, not resolved through the app: no stored business minutes (as before migration 0195).
      avgResolutionBusinessMinutes: null,
      avgFirstResponseMinutes: 10,
      reopened: 0,
      avgWaitingMinutes: 0,
      avgWorkingMinutes: 120,
      waitedTickets: 0,
    });
    expect(s.notifications).toMatchObject({ sent: 1, opened: 1, openRate: 1, avgResponseMinutes: 8 });
  });
});

describeEachDialect('reopened tickets and time waiting for the requester', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('counts a reopened ticket once, on its final resolution, and shows the waiting time apart from the working time', async () => {
    const d = database;
    const now = Date.parse('2026-06-03T14:00:00Z');
    const MIN = 60_000;
    const { office, category, staff, tech } = await oneOfEach(d, { dni: '40000002', firstName: 'Ana', username: 'wait', fullName: 'Wai Tec' });
    const ticket = (code: string, status: 'resolved' | 'in_progress', resolvedMin: number | null, waitingMin: number) =>
      insertReturningId(d.db, d.dialect, 'tickets', {
        code,
        staff_id: staff,
        office_id: office,
        category_id: category,
        description: 'Sin red.',
        contact_phone: null,
        status,
        assignee_id: tech,
        queued_at: now,
        created_at: now,
        updated_at: now,
        first_action_at: now + 10 * MIN,
        resolved_at: resolvedMin === null ? null : now + resolvedMin * MIN,
        closed_at: resolvedMin === null ? null : now + resolvedMin * MIN,
        channel: 'portal',
        waiting_ms: waitingMin * MIN,
      });
    // A: asked the requester (waited 40 min), resolved, reopened, resolved for good at +200.
    const a = await ticket('TK-WAITED01', 'resolved', 200, 40);
    // B: resolved at +100, never waited. C: reopened and still being worked on (not resolved).
    await ticket('TK-NOWAIT01', 'resolved', 100, 0);
    const c = await ticket('TK-REOPEN01', 'in_progress', null, 15);
    const event = (ticketId: number, type: string, from: string, to: string, m: number) => ({
      ticket_id: ticketId,
      type: type as 'created',
      from_status: from as 'registered',
      to_status: to as 'registered',
      actor_user_id: null,
      channel: 'web' as const,
      note: null,
      at: now + m * MIN,
    });
    await d.db
      .insertInto('ticket_events')
      .values([
        event(a, 'waiting', 'in_progress', 'waiting', 20),
        event(a, 'resumed', 'waiting', 'in_progress', 60),
        event(a, 'resolved', 'in_progress', 'resolved', 90),
        event(a, 'reopened', 'resolved', 'in_progress', 120),
        event(a, 'resolved', 'in_progress', 'resolved', 200),
        event(c, 'resolved', 'in_progress', 'resolved', 50),
        event(c, 'reopened', 'resolved', 'in_progress', 70),
      ])
      .execute();
    const s = await computeSummary(d.db, resolveRange({ from: '2026-06-01', to: '2026-06-30' }, LIMA, now + 300 * MIN));
    expect(s.tickets).toMatchObject({ reported: 3, resolved: 2, reopened: 2, waitedTickets: 1 });
    // Resolution on the final resolution: (200 + 100) / 2; of it, (40 + 0) / 2 waiting for the requester.
    expect(s.tickets.avgResolutionMinutes).toBe(150);
    expect(s.tickets.avgWaitingMinutes).toBe(20);
    expect(s.tickets.avgWorkingMinutes).toBe(130);
    const officeOnly = await computeSummary(d.db, resolveRange({ from: '2026-06-01', to: '2026-06-30' }, LIMA, now + 300 * MIN), { officeId: office + 1000 });
    expect(officeOnly.tickets).toMatchObject({ reported: 0, reopened: 0, avgWaitingMinutes: null });
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { insertReturningId } from '../db/dialect';
import { APRIL_START, buildKnownHistory, type KnownHistory } from './fixtures/known-history';
import { assistantDashboard, incidentsDashboard, notificationsDashboard } from './dashboards';
import { resolveRange } from './range';

const LIMA = 'America/Lima';

describeEachDialect('dashboard data', (dialect) => {
  let database: TestDatabase;
  let history: KnownHistory;
  const march = () => resolveRange({ from: '2026-03-01', to: '2026-03-31' }, LIMA, APRIL_START);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    history = await buildKnownHistory(database);
  });
  afterAll(() => database.drop());

  it('gives every local day of the range, and the days add up to the summary', async () => {
    const d = await incidentsDashboard(database, march(), {}, APRIL_START + 86_400_000);
    expect(d.days).toHaveLength(31);
    expect(d.days[0]!.date).toBe('2026-03-01');
    expect(d.days[30]!.date).toBe('2026-03-31');
    expect(d.days.reduce((s, x) => s + x.reported, 0)).toBe(1058);
    // The ticket filed at 23:59 on 31 March (Lima) is on the 31st, not on 1 April.
    expect(d.days[30]!.reported).toBeGreaterThanOrEqual(1);
    // Resolved per day counts resolutions by the day they happened: the ticket reported in
    // February and resolved on 2 March is there.
    const r = march();
    const resolvedInMarch = await database.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'resolved')
      .where('resolved_at', '>=', r.start)
      .where('resolved_at', '<', r.end)
      .executeTakeFirstOrThrow();
    expect(d.days.reduce((s, x) => s + x.resolved, 0)).toBe(Number(resolvedInMarch.n));
    // 2 March (Lima) holds the resolution of the ticket reported on 27 February.
    const straddling = await database.db.selectFrom('tickets').select('resolved_at').where('id', '=', history.straddlingTicketId).executeTakeFirstOrThrow();
    expect(straddling.resolved_at).toBe(Date.parse('2026-03-02T15:00:00Z'));
    const onMarch2 = await database.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'resolved')
      .where('resolved_at', '>=', Date.parse('2026-03-02T05:00:00Z'))
      .where('resolved_at', '<', Date.parse('2026-03-03T05:00:00Z'))
      .executeTakeFirstOrThrow();
    expect(d.days[1]!.resolved).toBe(Number(onMarch2.n));
  });

  it('breaks incidents down by category, office and technician, and ages the waiting backlog', async () => {
    const d = await incidentsDashboard(database, march(), {}, APRIL_START + 86_400_000);
    expect(d.byCategory.reduce((s, x) => s + x.reported, 0)).toBe(1058);
    expect(d.byOffice.map((o) => o.reported).sort()).toEqual([529, 529]);
    expect(d.byTechnician.reduce((s, x) => s + x.resolved, 0)).toBe(1051);
    // Waiting now: two March tickets, the one filed just before March, twenty in April.
    expect(d.backlog.waiting).toBe(23);
    expect(d.backlog.inProgress).toBe(1);
    expect(d.backlog.ages.reduce((s, n) => s + n, 0)).toBe(23);
    const filtered = await incidentsDashboard(database, march(), { officeId: history.officeIds[1] }, APRIL_START + 86_400_000);
    expect(filtered.byOffice).toHaveLength(1);
  });

  it('lists technicians who never open their notifications', async () => {
    const d = await notificationsDashboard(database, march(), {});
    expect(d.days.reduce((s, x) => s + x.sent, 0)).toBe(5290);
    expect(d.days.reduce((s, x) => s + x.opened, 0)).toBe(4979);
    expect(d.technicians).toHaveLength(5);
    expect(d.technicians[0]!.sent - d.technicians[0]!.opened).toBe(311);
    expect(d.neverOpen).toEqual([]);
    expect(d.openedVia.link + d.openedVia.button).toBe(4979);
    // In a range where technician 4's messages are all unopened, they are listed.
    const firstDays = await notificationsDashboard(database, resolveRange({ from: '2026-03-01', to: '2026-03-05' }, LIMA, APRIL_START), {});
    expect(firstDays.neverOpen.map((t) => t.userId)).toEqual([history.technicianIds[4]]);
  });

  it('counts assistant interactions per day and per model', async () => {
    const d = await assistantDashboard(database, march());
    expect(d.days.reduce((s, x) => s + x.interactions, 0)).toBe(1364);
    expect(d.days.reduce((s, x) => s + x.answered, 0)).toBe(1166);
    expect(d.byModel.reduce((s, x) => s + x.interactions, 0)).toBe(1364);
    const faq = d.byModel.find((m) => m.source === 'faq')!;
    expect(faq).toMatchObject({ interactions: 296, answered: 266, model: null });
  });
});

describeEachDialect('local days across a daylight-saving change', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('puts each ticket on its local day in New York, before and after clocks go forward', async () => {
    const d = database;
    const now = Date.parse('2026-03-10T12:00:00Z');
    const office = await insertReturningId(d.db, d.dialect, 'offices', { name: 'NY', code: null, parent_id: null, active: 1, created_at: now, updated_at: now });
    const category = await insertReturningId(d.db, d.dialect, 'categories', { name: 'DST', sort_order: 1, is_other: 0, active: 1, created_at: now });
    const staff = await insertReturningId(d.db, d.dialect, 'staff', { dni: '40000002', first_name: 'Ann', last_name: 'Lee', phone: null, active: 1, created_at: now, updated_at: now });
    // EST (UTC−5) until 8 March 2026 07:00 UTC, then EDT (UTC−4).
    const instants = [
      '2026-03-08T04:30:00Z', // 7 March, 23:30 EST
      '2026-03-08T05:30:00Z', // 8 March, 00:30 EST
      '2026-03-09T03:30:00Z', // 8 March, 23:30 EDT
      '2026-03-09T04:30:00Z', // 9 March, 00:30 EDT (a fixed −5 h offset would say 8 March)
    ].map(Date.parse);
    await d.db
      .insertInto('tickets')
      .values(
        instants.map((at, i) => ({
          code: `TK-DST0000${i}`,
          staff_id: staff,
          office_id: office,
          category_id: category,
          description: 'DST',
          contact_phone: null,
          status: 'registered' as const,
          assignee_id: null,
          queued_at: at,
          created_at: at,
          updated_at: at,
          first_action_at: null,
          resolved_at: null,
          closed_at: null,
          channel: 'portal' as const,
        })),
      )
      .execute();
    const data = await incidentsDashboard(d, resolveRange({ from: '2026-03-07', to: '2026-03-09' }, 'America/New_York', now), {}, now);
    expect(data.days.map((x) => [x.date, x.reported])).toEqual([
      ['2026-03-07', 1],
      ['2026-03-08', 2],
      ['2026-03-09', 1],
    ]);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { buildNotification } from '../../test/helpers/factories';
import { APRIL_START, EXPECTED_MARCH, MARCH_START, buildKnownHistory, type KnownHistory } from './fixtures/known-history';
import { resolveRange, type MetricsRange } from './range';
import { computeSummary } from './summary';

const LIMA = 'America/Lima';
const MIN = 60_000;
const DAY = 86_400_000;

describeEachDialect('the summary from daily rollups', (dialect) => {
  let database: TestDatabase;
  let history: KnownHistory;
  const now = APRIL_START + 40 * DAY;
  const range = (from: string, to: string): MetricsRange => resolveRange({ from, to }, LIMA, now);
  const march = () => range('2026-03-01', '2026-03-31');
  const april = () => range('2026-04-01', '2026-04-30');
  const ranges = () => [march(), april(), range('2026-02-01', '2026-05-10'), range('2026-03-05T13:00:00Z', '2026-03-20T07:30:00Z')];

  /** The rollups must answer exactly what the live tables answer, for every period. */
  async function expectLiveFigures(): Promise<void> {
    for (const r of ranges()) {
      const rolled = await computeSummary(database.db, r);
      const live = await computeSummary(database.db, r, {}, { rollups: false });
      expect(rolled, `${r.firstDate} → ${r.lastDate}`).toEqual(live);
    }
  }

  const lockVersion = async () => Number((await database.db.selectFrom('metrics_rollup_lock').select('version').executeTakeFirstOrThrow()).version);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    history = await buildKnownHistory(database);
  });
  afterAll(() => database.drop());

  it('stores the days of a period on first use and answers the known figures', async () => {
    const s = await computeSummary(database.db, march());
    expect(s.tickets.reported).toBe(EXPECTED_MARCH.reported);
    expect(s.notifications).toMatchObject({ sent: EXPECTED_MARCH.sent, opened: EXPECTED_MARCH.opened, respondedTickets: EXPECTED_MARCH.respondedTickets });
    const stored = await database.db.selectFrom('metrics_ticket_days').select('day').execute();
    // March in Lima covers 30 whole UTC days (the hours around each end are read live).
    expect(stored.length).toBeGreaterThanOrEqual(30);
    await expectLiveFigures();
  });

  it('writes nothing when nothing changed since the last read', async () => {
    await expectLiveFigures();
    const before = await lockVersion();
    await computeSummary(database.db, march());
    await computeSummary(database.db, range('2026-02-01', '2026-05-10'));
    expect(await lockVersion()).toBe(before);
  });

  it('counts a notification opened weeks after its ticket was filed', async () => {
    const before = await computeSummary(database.db, march());
    const n = await database.db
      .selectFrom('notifications')
      .innerJoin('tickets', 'tickets.id', 'notifications.ticket_id')
      .select('notifications.id')
      .where('notifications.opened_at', 'is', null)
      .where('notifications.status', '=', 'sent')
      .where('notifications.user_id', 'is not', null)
      .where('tickets.created_at', '>=', MARCH_START + 3 * DAY)
      .where('tickets.created_at', '<', APRIL_START)
      .orderBy('notifications.id')
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('notifications')
      .set({ opened_at: APRIL_START + 20 * DAY, opened_via: 'link' })
      .where('id', '=', n.id)
      .execute();
    const after = await computeSummary(database.db, march());
    expect(after.notifications.opened).toBe(before.notifications.opened + 1);
    await expectLiveFigures();
  });

  it('counts a notification delivered after being retried', async () => {
    const before = await computeSummary(database.db, march());
    const pending = await database.db.selectFrom('notifications').select('id').where('status', '=', 'pending').orderBy('id').executeTakeFirstOrThrow();
    await database.db
      .updateTable('notifications')
      .set({ status: 'sent', sent_at: APRIL_START + 2 * DAY, telegram_message_id: '77', error: null })
      .where('id', '=', pending.id)
      .execute();
    const after = await computeSummary(database.db, march());
    expect(after.notifications.sent).toBe(before.notifications.sent + 1);
    await expectLiveFigures();
  });

  it('counts a reminder created later about an old ticket, whichever period is read first', async () => {
    const before = await computeSummary(database.db, march());
    const ticket = history.marchTickets[500]!;
    const insertReminder = (at: number, token: string) => buildNotification(database, { ticketId: ticket.id, userId: history.technicianIds[2]!, kind: 'reminder', linkToken: token, createdAt: at });
    // Read April first: it checks the notification days of April, finds the reminder and drops
    // the March day it belongs to, although March is not being read.
    await insertReminder(APRIL_START + 12 * DAY, 'late-reminder-1');
    await computeSummary(database.db, april());
    expect((await computeSummary(database.db, march())).notifications.sent).toBe(before.notifications.sent + 1);
    // And March read first.
    await insertReminder(APRIL_START + 13 * DAY, 'late-reminder-2');
    expect((await computeSummary(database.db, march())).notifications.sent).toBe(before.notifications.sent + 2);
    await expectLiveFigures();
  });

  it('counts the response time of a waiting ticket taken days later', async () => {
    const before = await computeSummary(database.db, march());
    const waiting = history.marchTickets.findIndex((t) => t.status === 'registered');
    const id = history.marchTickets[waiting]!.id;
    const t = await database.db.selectFrom('tickets').select('created_at').where('id', '=', id).executeTakeFirstOrThrow();
    await database.db
      .updateTable('tickets')
      .set({ status: 'in_progress', assignee_id: history.technicianIds[0]!, first_action_at: t.created_at + 3 * DAY, updated_at: t.created_at + 3 * DAY })
      .where('id', '=', id)
      .execute();
    const after = await computeSummary(database.db, march());
    expect(after.notifications.respondedTickets).toBe(before.notifications.respondedTickets + 1);
    await expectLiveFigures();
  });

  it('counts a ticket filed with a past date, with its notifications', async () => {
    const before = await computeSummary(database.db, march());
    const created = MARCH_START + 9 * DAY + 7 * 3_600_000;
    const ticket = await database.db
      .insertInto('tickets')
      .values({
        code: 'KH-IMPORTED',
        staff_id: (await database.db.selectFrom('staff').select('id').executeTakeFirstOrThrow()).id,
        office_id: history.officeIds[0],
        category_id: history.categoryIds[0],
        description: 'Importado de la hoja de cálculo.',
        contact_phone: null,
        status: 'resolved',
        assignee_id: history.technicianIds[1]!,
        queued_at: created,
        created_at: created,
        updated_at: created + 60 * MIN,
        first_action_at: created + 5 * MIN,
        resolved_at: created + 60 * MIN,
        closed_at: created + 60 * MIN,
        channel: 'portal',
      })
      .execute();
    expect(ticket).toBeDefined();
    const id = (await database.db.selectFrom('tickets').select('id').where('code', '=', 'KH-IMPORTED').executeTakeFirstOrThrow()).id;
    await buildNotification(database, {
      ticketId: id,
      userId: history.technicianIds[3]!,
      linkToken: 'imported-1',
      createdAt: created,
      sentAt: created + MIN,
      openedAt: created + 2 * MIN,
      openedVia: 'button',
    });
    const after = await computeSummary(database.db, march());
    expect(after.tickets.reported).toBe(before.tickets.reported + 1);
    expect(after.notifications.sent).toBe(before.notifications.sent + 1);
    await expectLiveFigures();
  });

  it('recomputes a stored day that went missing (dropped by another reader)', async () => {
    await database.db.deleteFrom('metrics_ticket_days').execute();
    await database.db.deleteFrom('metrics_notification_days').execute();
    await expectLiveFigures();
  });
});

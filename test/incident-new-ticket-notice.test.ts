/**
 * A filing that joins an open major incident at once (issue 19) leaves the queue, so technicians are
 * not pinged about it: no new-ticket notice (Telegram or web panel) and no reminders, against the
 * fake Bot API on each database. The technicians already know the incident (they declared it); twenty
 * filings of one outage must not be twenty pings. An ordinary filing still reaches them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from './helpers/app';
import { bearerToken } from './helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildUser } from './helpers/factories';
import { linkTechnician, startTelegramApp, waitFor, type TelegramTestApp } from './helpers/telegram';
import { listWaitingSince } from '../src/notifications/notifications.repository';

const CHAT_ROSA = 6_200_001;

describeEachDialect('no new-ticket notice for a filing that joined an incident', (dialect) => {
  let t: TelegramTestApp;
  let network: number;
  let printers: number;
  let officeId: number;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTelegramApp(dialect, 'polling');
    network = (await buildCategory(t.database, { name: 'Internet y red' })).id;
    printers = (await buildCategory(t.database, { name: 'Impresoras' })).id;
    officeId = (await buildOffice(t.database, { name: 'Sede Central' })).id;
    const rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    await linkTechnician(t, rosa, CHAT_ROSA);
    headers = { authorization: `Bearer ${await bearerToken(t, rosa)}` };
  });
  afterAll(() => t.close());

  const file = async (categoryId: number) => {
    const person = await buildStaff(t.database, { officeId });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'No hay internet en mi computadora.' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { code: string; incident: { id: number } | null };
  };
  const ticketId = async (code: string) => (await t.database.db.selectFrom('tickets').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const createdJobDone = async (id: number) =>
    (await t.database.db.selectFrom('jobs').select('status').where('type', '=', 'ticket.created').where('dedupe_key', '=', `ticket.created:${id}`).executeTakeFirst())?.status === 'done';

  it('skips the notice of the joined filing and still announces an ordinary one', async () => {
    const declared = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { title: 'Caída del enlace', publicMessage: 'El enlace de Sede Central está caído.', categoryId: network, officeIds: [officeId] },
      headers,
    });
    expect(declared.statusCode, declared.body).toBe(201);

    const joined = await file(network);
    expect(joined.incident?.id).toBe(declared.json().id);
    const ordinary = await file(printers);
    expect(ordinary.incident).toBeNull();

    await waitFor(() => t.fake.sent(CHAT_ROSA).some((m) => m.text.includes(ordinary.code)), 10_000, 'the ordinary ticket announced');
    const joinedId = await ticketId(joined.code);
    await waitFor(() => createdJobDone(joinedId), 10_000, 'the joined ticket’s ticket.created job done');
    expect(t.fake.sent(CHAT_ROSA).filter((m) => m.text.includes(joined.code))).toEqual([]);
    const notices = await t.database.db.selectFrom('notifications').select('kind').where('ticket_id', '=', joinedId).execute();
    expect(notices).toEqual([]);
    const ordinaryNotices = await t.database.db
      .selectFrom('notifications')
      .select('kind')
      .where('ticket_id', '=', await ticketId(ordinary.code))
      .execute();
    expect(ordinaryNotices).toEqual([{ kind: 'new_ticket' }]);

    // Reminders look at the queue only: the child is not a candidate, the ordinary ticket is.
    const candidates = (await listWaitingSince(t.database.db, Date.now() + 86_400_000, 500)).map((c) => c.id);
    expect(candidates).toContain(await ticketId(ordinary.code));
    expect(candidates).not.toContain(joinedId);
  });
});

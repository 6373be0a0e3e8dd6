/**
 * Retention: the daily purge anonymises the requester data of tickets closed more than
 * PERSONAL_DATA_RETENTION_YEARS ago (link to the person, contact phone, followers; texts through
 * the PII sanitizer), drops older access-log entries, leaves newer tickets alone — and the
 * indicators and the daily rollups give exactly the same figures before and after.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildStaff, buildTicket, buildUser } from '../../test/helpers/factories';
import { loginAs } from '../../test/helpers/auth';
import { insertNotification, markOpened, markSent } from '../notifications/notifications.repository';
import { purgeOldRecords } from '../maintenance/purge-old-records';
import { ANONYMOUS_DNI } from './retention.repository';
import { attachmentsDir } from '../../test/helpers/attachments';
import { AttachmentStore } from '../attachments/attachment-store';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DAY = 86_400_000;

describeEachDialect('personal-data retention', (dialect) => {
  let t: TestApp;
  let dir: string;
  const clock = manualClock(Date.parse('2026-03-10T15:00:00Z'));
  beforeAll(async () => {
    dir = attachmentsDir();
    t = await startTestApp(dialect, { clock, env: { PERSONAL_DATA_RETENTION_YEARS: '5', ATTACHMENTS_DIR: dir } });
  });
  afterAll(() => t.close());

  it('anonymises tickets closed more than 5 years ago, keeps newer ones, and the rollups stay exact', async () => {
    const tech = await buildUser(t.database);
    const admin = await buildUser(t.database, { role: 'admin' });
    const person = await buildStaff(t.database, { firstName: 'Lucía', lastName: 'Mamani Torres', phone: '987654321' });
    const oldStart = Date.parse('2020-03-02T14:00:00Z');
    const old = [];
    for (let i = 0; i < 4; i++) {
      const at = oldStart + i * DAY;
      const tk = await buildTicket(t.database, {
        staffId: person.id,
        officeId: person.officeId!,
        status: i === 3 ? 'cancelled' : 'resolved',
        assigneeId: tech.id,
        at,
        contactPhone: '912345678',
        description: `Soy Lucía Mamani Torres, DNI ${person.dni}, mi celular es 912 345 678: la impresora no imprime.`,
      });
      const n = await insertNotification(t.database.db, dialect, {
        ticketId: tk.id,
        userId: tech.id,
        chatId: '77',
        kind: 'new_ticket',
        channel: 'telegram',
        linkToken: `tok-r-${tk.id}`,
        now: at,
        sent: false,
      });
      await markSent(t.database.db, n, '10', at + 60_000);
      if (i % 2 === 0) await markOpened(t.database.db, n, 'link', at + 5 * 60_000);
      await t.database.db
        .insertInto('ticket_messages')
        .values({ ticket_id: tk.id, author_kind: 'requester', author_user_id: null, body: `Llámeme al 987654321, soy ${person.dni}`, channel: 'portal', created_at: at + 1000 })
        .execute();
      await t.database.db
        .insertInto('ticket_events')
        .values({ ticket_id: tk.id, type: 'note', from_status: null, to_status: null, actor_user_id: tech.id, channel: 'web', note: 'Hablé con Lucía Mamani al 987654321', at: at + 2000 })
        .execute();
      await t.database.db.insertInto('ticket_subscriptions').values({ ticket_id: tk.id, chat_id: '555', created_at: at }).execute();
      old.push(tk);
    }
    // Closed one year ago: kept as it is.
    const recent = await buildTicket(t.database, {
      staffId: person.id,
      officeId: person.officeId!,
      status: 'resolved',
      at: Date.parse('2025-03-02T14:00:00Z'),
      contactPhone: '912345678',
      description: `DNI ${person.dni}`,
    });
    await t.database.db
      .insertInto('personal_data_access')
      .values([
        { at: Date.parse('2020-06-01T00:00:00Z'), user_id: tech.id, kind: 'ticket_page', fields: 'dni', ticket_id: old[0]!.id, staff_id: person.id, people: 1 },
        { at: Date.parse('2025-06-01T00:00:00Z'), user_id: tech.id, kind: 'ticket_page', fields: 'dni', ticket_id: recent.id, staff_id: person.id, people: 1 },
      ])
      .execute();

    const s = await loginAs(t, admin);
    const summary = async () => {
      const res = await t.app.inject({ url: '/api/v1/metrics/summary?from=2020-03-01&to=2020-03-31', headers: s.headers });
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const rollups = () => t.database.db.selectFrom('metrics_ticket_days').selectAll().orderBy('day').execute();
    const before = await summary();
    expect(before.tickets.reported).toBe(4);
    expect(before.notifications.sent).toBe(4);
    const rollupsBefore = await rollups();
    expect(rollupsBefore.length).toBeGreaterThan(0);

    const report = await purgeOldRecords({ database: t.database, clock, personalDataRetentionYears: 5 });
    expect(report).toMatchObject({ anonymisedTickets: 4, accessLogEntries: 1, finished: true });

    // The figures are the same, and so are the stored rollups.
    expect(await summary()).toEqual(before);
    expect(await rollups()).toEqual(rollupsBefore);

    const anon = await t.database.db.selectFrom('staff').select('id').where('dni', '=', ANONYMOUS_DNI).executeTakeFirstOrThrow();
    for (const tk of old) {
      const row = await t.database.db.selectFrom('tickets').selectAll().where('id', '=', tk.id).executeTakeFirstOrThrow();
      expect(row.staff_id).toBe(anon.id);
      expect(row.contact_phone).toBeNull();
      expect(row.anonymised_at).not.toBeNull();
      expect(row.description).not.toContain(person.dni);
      expect(row.description).not.toContain('912 345 678');
      expect(row.description).not.toContain('Lucía');
      expect(row.description).toContain('impresora no imprime');
      const texts = JSON.stringify([
        await t.database.db.selectFrom('ticket_messages').select('body').where('ticket_id', '=', tk.id).execute(),
        await t.database.db.selectFrom('ticket_events').select('note').where('ticket_id', '=', tk.id).execute(),
      ]);
      expect(texts).not.toContain('987654321');
      expect(texts).not.toContain(person.dni);
      expect(texts).not.toContain('Mamani');
      expect(await t.database.db.selectFrom('ticket_subscriptions').select('id').where('ticket_id', '=', tk.id).execute()).toEqual([]);
    }
    const kept = await t.database.db.selectFrom('tickets').selectAll().where('id', '=', recent.id).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ staff_id: person.id, contact_phone: '912345678', anonymised_at: null, description: `DNI ${person.dni}` });
    expect((await t.database.db.selectFrom('personal_data_access').select('ticket_id').execute()).map((r) => r.ticket_id)).toEqual([recent.id]);

    // The staff view of an anonymised ticket shows no one, and is not logged as a personal-data read.
    const view = await t.app.inject({ url: `/api/v1/staff/tickets/${old[0]!.code}`, headers: s.headers });
    expect(view.statusCode).toBe(200);
    expect(view.json().requester).toMatchObject({ dni: ANONYMOUS_DNI, phone: null });
    expect(view.json().contactPhone).toBeNull();
    expect(await t.database.db.selectFrom('personal_data_access').select('id').execute()).toHaveLength(1);

    // A second run finds nothing to do.
    expect((await purgeOldRecords({ database: t.database, clock, personalDataRetentionYears: 5 })).anonymisedTickets).toBe(0);
  });

  it('deletes the attachments of anonymised tickets (rows and files), keeping a file another ticket still names', async () => {
    const person = await buildStaff(t.database);
    const at = Date.parse('2020-05-04T14:00:00Z');
    const old = await buildTicket(t.database, { staffId: person.id, officeId: person.officeId!, status: 'resolved', at });
    const recent = await buildTicket(t.database, { staffId: person.id, officeId: person.officeId!, status: 'resolved', at: Date.parse('2025-05-04T14:00:00Z') });
    const fileOf = (sha: string) => join(dir, sha.slice(0, 2), sha);
    const stored = (content: Buffer) => {
      const sha = createHash('sha256').update(content).digest('hex');
      mkdirSync(join(dir, sha.slice(0, 2)), { recursive: true });
      writeFileSync(fileOf(sha), content);
      return sha;
    };
    const onlyOld = stored(randomBytes(64));
    const shared = stored(randomBytes(64));
    const attach = (id: string, ticketId: number, sha256: string) =>
      t.database.db
        .insertInto('attachments')
        .values({ id, ticket_id: ticketId, event_id: null, message_id: null, sha256, name: 'dni-escaneado.pdf', mime: 'application/pdf', size: 64, position: 0, created_at: at })
        .execute();
    await attach(`old-a-${dialect}`, old.id, onlyOld);
    await attach(`old-b-${dialect}`, old.id, shared);
    await attach(`new-b-${dialect}`, recent.id, shared);

    const report = await purgeOldRecords({ database: t.database, clock, attachments: new AttachmentStore(dir), personalDataRetentionYears: 5 });
    expect(report).toMatchObject({ anonymisedTickets: 1, anonymisedAttachments: 2, finished: true });
    const left = await t.database.db.selectFrom('attachments').select(['id', 'ticket_id']).where('ticket_id', 'in', [old.id, recent.id]).execute();
    expect(left).toEqual([{ id: `new-b-${dialect}`, ticket_id: recent.id }]);
    expect(existsSync(fileOf(onlyOld))).toBe(false);
    expect(existsSync(fileOf(shared))).toBe(true);
    expect((await purgeOldRecords({ database: t.database, clock, attachments: new AttachmentStore(dir), personalDataRetentionYears: 5 })).anonymisedAttachments).toBe(0);
  });
});

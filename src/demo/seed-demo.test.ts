import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { createTestDatabase } from '../../test/helpers/databases';
import { verifyPassword } from '../auth/passwords';
import { localYear } from '../core/local-time';
import { DEMO_FAQS } from './faqs';
import { DEMO_PEOPLE } from './people';
import { DEMO_ASSETS } from './assets';
import { DEMO_STAFF_COUNT, DEMO_STAFF_WITHOUT_OFFICE, seedDemo, type DemoSummary } from './seed-demo';
import { DEMO_TECHNICIANS, DEMO_TECHNICIAN_PASSWORD } from './technicians';
import { bearerToken } from '../../test/helpers/auth';
import { buildUser } from '../../test/helpers/factories';
import { waitFor } from '../../test/helpers/telegram';
import { startBackground } from '../background';

// A Wednesday afternoon in Lima.
const NOW = Date.parse('2026-03-04T20:00:00Z');
const TIME_ZONE = 'America/Lima';

describeEachDialect('demo data', (dialect) => {
  let t: TestApp;
  let summary: DemoSummary | null;
  let seedMs: number;
  const year = localYear(NOW, TIME_ZONE);

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock: manualClock(NOW) });
    const started = performance.now();
    summary = await seedDemo(t.database, t.ctx.clock, TIME_ZONE);
    seedMs = performance.now() - started;
  });
  afterAll(() => t.close());

  const db = () => t.database.db;

  it('builds an office tree of about 66 offices with codes, two of them inactive', async () => {
    const offices = await db().selectFrom('offices').selectAll().execute();
    expect(offices.length).toBeGreaterThanOrEqual(60);
    expect(offices.length).toBeLessThanOrEqual(70);
    expect(summary?.offices).toBe(offices.length);
    const ids = new Set(offices.map((o) => o.id));
    const roots = offices.filter((o) => o.parent_id === null);
    expect(roots.map((o) => o.name)).toEqual(['Gobierno Regional']);
    for (const o of offices) {
      expect(o.code).toMatch(/^[A-Z0-9]{2,10}$/);
      if (o.parent_id !== null) expect(ids.has(o.parent_id)).toBe(true);
    }
    expect(offices.filter((o) => o.active === 0)).toHaveLength(2);
    const names = offices.map((o) => o.name);
    for (const expected of [
      'Gerencia General Regional',
      'Órgano de Control Institucional',
      'Oficina de Abastecimiento (Logística)',
      'Dirección Regional de Salud',
      'Oficina de Tecnologías de la Información',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('fills the directory with about 450 people, each with an office this year except a handful', async () => {
    const staff = await db().selectFrom('staff').selectAll().execute();
    expect(staff).toHaveLength(DEMO_STAFF_COUNT);
    expect(new Set(staff.map((s) => s.dni)).size).toBe(staff.length);
    for (const s of staff) {
      expect(s.dni).toMatch(/^\d{8}$/);
      expect(s.phone).toMatch(/^9\d{8}$/);
      expect(s.last_name.split(' ')).toHaveLength(2);
      expect(s.first_name.length).toBeGreaterThan(1);
    }
    const assignments = await db().selectFrom('staff_offices').selectAll().execute();
    const thisYear = assignments.filter((a) => a.year === year);
    const lastYear = assignments.filter((a) => a.year === year - 1);
    expect(thisYear).toHaveLength(DEMO_STAFF_COUNT - DEMO_STAFF_WITHOUT_OFFICE);
    expect(lastYear.length).toBeGreaterThan(DEMO_STAFF_COUNT * 0.75);
    // Every active office has people this year; inactive ones have none.
    const offices = await db().selectFrom('offices').select(['id', 'active', 'name']).execute();
    const used = new Set(thisYear.map((a) => a.office_id));
    for (const o of offices) {
      if (o.name === 'Gobierno Regional') continue;
      expect(used.has(o.id), o.name).toBe(o.active === 1);
    }
  });

  it('answers the three README DNIs as the README says', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const lookup = (dni: string) => t.app.inject({ url: `/api/v1/directory/${dni}` });

    const a = await lookup(DEMO_PEOPLE.withOffice.dni);
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ displayName: 'Rosa Luz Q. M.', office: { name: 'Oficina de Abastecimiento (Logística)' } });
    const b = await lookup(DEMO_PEOPLE.another.dni);
    expect(b.statusCode).toBe(200);
    expect(b.json()).toMatchObject({ displayName: 'Juan Carlos C. H.', office: { name: 'Subgerencia de Obras' } });
    const c = await lookup(DEMO_PEOPLE.noOfficeThisYear.dni);
    expect(c.statusCode).toBe(403);
    expect(c.json().error.code).toBe('NO_ACTIVE_OFFICE');

    for (const p of Object.values(DEMO_PEOPLE)) expect(readme).toContain(p.dni);
    for (const tech of DEMO_TECHNICIANS) expect(readme).toContain(tech.username);
    expect(readme).toContain(DEMO_TECHNICIAN_PASSWORD);
  });

  it('lets a README person file a ticket right away and see earlier ones', async () => {
    const { dni } = DEMO_PEOPLE.withOffice;
    const earlier = (await t.app.inject({ url: `/api/v1/directory/${dni}/tickets` })).json();
    expect(earlier.length).toBeGreaterThanOrEqual(2);
    const categories = (await t.app.inject({ url: '/api/v1/categories' })).json();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { dni, categoryId: categories[1].id, description: 'La impresora de Logística no imprime desde la mañana.' },
    });
    expect(res.statusCode).toBe(201);
  });

  it('gives about one computer to every two people with an office, a printer per office, and links hardware and printer tickets to them', async () => {
    const withOffice = (await t.app.inject({ url: `/api/v1/directory/${DEMO_PEOPLE.withOffice.dni}/assets` })).json() as { code: string; inCustody: boolean }[];
    expect(withOffice.filter((a) => a.inCustody).map((a) => a.code)).toEqual([DEMO_ASSETS.featuredPc]);
    expect(withOffice.map((a) => a.code)).toContain(DEMO_ASSETS.featuredPrinter);
    const people = Number(
      (
        await db()
          .selectFrom('staff_offices')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('year', '=', year)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const custodied = Number(
      (
        await db()
          .selectFrom('assets')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('custodian_staff_id', 'is not', null)
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(custodied / people).toBeGreaterThan(0.4);
    expect(custodied / people).toBeLessThan(0.6);
    expect(summary?.assets).toBeGreaterThan(custodied);
    const linked = await db()
      .selectFrom('tickets')
      .innerJoin('categories', 'categories.id', 'tickets.category_id')
      .select(['categories.name', 'tickets.asset_id'])
      .where('tickets.asset_id', 'is not', null)
      .execute();
    expect(linked.length).toBeGreaterThan(3);
    expect(new Set(linked.map((l) => l.name))).toEqual(new Set(['Hardware', 'Impresoras']));
    // The printer page of the README opens the form with it chosen.
    expect((await t.app.inject({ url: `/a/${DEMO_ASSETS.featuredPrinter}` })).statusCode).toBe(200);
  });

  it('lists the eight categories in order with "Otros" last', async () => {
    const res = await t.app.inject({ url: '/api/v1/categories' });
    expect(res.json().map((c: { name: string }) => c.name)).toEqual([
      'Hardware',
      'Impresoras',
      'Internet y red',
      'Correo institucional',
      'Sistemas institucionales',
      'Cuentas y contraseñas',
      'Software',
      'Otros',
    ]);
    const otros = await db().selectFrom('categories').select('is_other').where('name', '=', 'Otros').executeTakeFirstOrThrow();
    expect(otros.is_other).toBe(1);
  });

  it('creates five on-duty technicians who can sign in with the demo password', async () => {
    const users = await db().selectFrom('users').selectAll().where('role', '=', 'technician').execute();
    expect(users.map((u) => u.username).sort()).toEqual(DEMO_TECHNICIANS.map((x) => x.username).sort());
    for (const u of users) {
      expect(u.on_duty).toBe(1);
      expect(u.active).toBe(1);
      expect(await verifyPassword(DEMO_TECHNICIAN_PASSWORD, u.password_hash)).toBe(true);
    }
  });

  it('loads the FAQ entries with their categories', async () => {
    const faqs = await db().selectFrom('faqs').selectAll().execute();
    expect(faqs).toHaveLength(DEMO_FAQS.length);
    const categories = new Map((await db().selectFrom('categories').select(['id', 'name']).execute()).map((c) => [c.id, c.name]));
    faqs.forEach((f) => {
      const source = DEMO_FAQS.find((d) => d.question === f.question);
      expect(source).toBeDefined();
      expect(f.category_id === null ? null : categories.get(f.category_id)).toBe(source?.category ?? null);
    });
  });

  it('writes weeks of ticket history in every status whose dates agree with the timeline', async () => {
    const tickets = await db().selectFrom('tickets').selectAll().where('created_at', '<', NOW).execute();
    expect(tickets.length).toBeGreaterThanOrEqual(40);
    expect(tickets.length).toBeLessThanOrEqual(60);
    expect(new Set(tickets.map((x) => x.status))).toEqual(new Set(['registered', 'in_progress', 'resolved', 'cancelled']));
    expect(Math.min(...tickets.map((x) => x.created_at))).toBeLessThan(NOW - 14 * 86_400_000);
    const events = await db().selectFrom('ticket_events').selectAll().orderBy('at').orderBy('id').execute();

    for (const ticket of tickets) {
      const timeline = events.filter((e) => e.ticket_id === ticket.id);
      const label = `${ticket.code} ${ticket.status}`;
      expect(timeline[0], label).toMatchObject({ type: 'created', to_status: 'registered', at: ticket.created_at, actor_user_id: null });
      expect(ticket.queued_at).toBe(ticket.created_at);
      expect(timeline[timeline.length - 1]?.at, label).toBe(ticket.updated_at);
      expect(ticket.updated_at, label).toBeLessThan(NOW);
      const statusChanges = timeline.filter((e) => e.to_status !== null);
      expect(statusChanges[statusChanges.length - 1]?.to_status, label).toBe(ticket.status);
      for (let i = 1; i < statusChanges.length; i++) {
        expect(statusChanges[i]?.from_status, label).toBe(statusChanges[i - 1]?.to_status);
      }
      const firstAction = timeline.find((e) => e.actor_user_id !== null);
      expect(ticket.first_action_at, label).toBe(firstAction?.at ?? null);
      const lastAssigned = [...timeline].reverse().find((e) => e.type === 'assigned');
      expect(ticket.assignee_id, label).toBe(ticket.status === 'registered' ? null : (lastAssigned?.actor_user_id ?? null));
      const closing = timeline.find((e) => e.type === 'resolved' || e.type === 'cancelled');
      expect(ticket.resolved_at, label).toBe(closing?.type === 'resolved' ? closing.at : null);
      expect(ticket.closed_at, label).toBe(closing?.at ?? null);
      if (closing) expect(closing.note, label).toBeTruthy();
      for (const e of timeline) if (e.type === 'released' || e.type === 'note') expect(e.note, label).toBeTruthy();
    }
    // History only: nobody is notified of last week's tickets (the one filed above at NOW has its job).
    const jobs = await db().selectFrom('jobs').select('id').where('created_at', '<', NOW).execute();
    expect(jobs).toHaveLength(0);
  });

  it('includes a ticket released ("no logrado") and taken again by another technician, shown on its tracking page', async () => {
    const released = await db().selectFrom('ticket_events').select('ticket_id').where('type', '=', 'released').execute();
    expect(released).toHaveLength(1);
    const ticketId = released[0]?.ticket_id as number;
    const assigned = await db().selectFrom('ticket_events').select('actor_user_id').where('ticket_id', '=', ticketId).where('type', '=', 'assigned').orderBy('at').execute();
    expect(assigned).toHaveLength(2);
    expect(assigned[0]?.actor_user_id).not.toBe(assigned[1]?.actor_user_id);
    const { code } = await db().selectFrom('tickets').select('code').where('id', '=', ticketId).executeTakeFirstOrThrow();
    const track = (await t.app.inject({ url: `/api/v1/tickets/${code}` })).json();
    expect(track.timeline.map((e: { status: string }) => e.status)).toEqual(['registered', 'in_progress', 'registered', 'in_progress', 'resolved']);
    expect(track.timeline[4].note).toBeTruthy();
  });

  it('gives the tickets priorities and due times on the business calendar: every colour in the queue, some targets missed', async () => {
    const admin = await buildUser(t.database, { role: 'admin' });
    const headers = { authorization: `Bearer ${await bearerToken(t, admin)}` };
    const queue = (await t.app.inject({ url: '/api/v1/queue?limit=50', headers })).json();
    expect(queue.items.length).toBeGreaterThanOrEqual(9);
    // Plain, amber ("vence pronto") and red (overdue) first responses, high and normal/low lanes.
    expect(new Set(queue.items.map((i: { slaState: string }) => i.slaState))).toEqual(new Set(['ok', 'warning', 'breached']));
    expect(new Set(queue.items.map((i: { priority: string }) => i.priority)).size).toBeGreaterThanOrEqual(3);
    for (const i of queue.items) expect(i.sla.firstResponseDueAt, i.code).not.toBeNull();
    // The tickets being worked on: some resolutions overdue, some not.
    const working = (await t.app.inject({ url: '/api/v1/tickets?status=in_progress&limit=50', headers })).json().items;
    expect(new Set(working.map((i: { sla: { resolutionBreached: boolean } }) => i.sla.resolutionBreached))).toEqual(new Set([true, false]));
    // Priority changes by the technician who took the ticket, audited in the timeline.
    const raised = await db().selectFrom('ticket_events').selectAll().where('type', '=', 'priority_changed').execute();
    expect(raised.length).toBeGreaterThan(0);
    for (const e of raised) expect([e.from_priority, e.to_priority, e.actor_user_id === null]).toEqual([expect.any(String), expect.any(String), false]);
    // The categories' defaults and the per-category target, as the admin sees them.
    const categories = (await t.app.inject({ url: '/api/v1/admin/categories', headers })).json();
    expect(categories.find((c: { name: string }) => c.name === 'Sistemas institucionales').defaultPriority).toBe('high');
    const targets = (await t.app.inject({ url: '/api/v1/admin/sla', headers })).json().targets;
    expect(targets.filter((x: { categoryId: number | null }) => x.categoryId !== null)).toHaveLength(1);
    // Compliance over the four weeks: mostly met, not all.
    const summary = (await t.app.inject({ url: `/api/v1/metrics/summary?from=${year}-02-01&to=${year}-03-04`, headers })).json().sla;
    expect(summary.resolutionRate).toBeGreaterThan(0.6);
    expect(summary.resolutionRate).toBeLessThan(1);
    expect(summary.firstResponseRate).toBeGreaterThan(0.6);
    expect(summary.firstResponseRate).toBeLessThan(1);
  });

  it('records the in-app notice each technician got, opened by the one who took the ticket before acting', async () => {
    const tickets = await db().selectFrom('tickets').select(['id', 'code', 'created_at', 'first_action_at']).where('created_at', '<', NOW).execute();
    const notifications = await db().selectFrom('notifications').selectAll().where('kind', '=', 'new_ticket').execute();
    const technicians = await db().selectFrom('users').select('id').where('role', '=', 'technician').execute();
    expect(new Set(notifications.map((n) => n.link_token)).size).toBe(notifications.length);
    for (const ticket of tickets) {
      const mine = notifications.filter((n) => n.ticket_id === ticket.id);
      expect(mine.map((n) => n.user_id).sort(), ticket.code).toEqual(technicians.map((u) => u.id).sort());
      for (const n of mine) {
        expect(n, ticket.code).toMatchObject({ kind: 'new_ticket', channel: 'web', status: 'sent', chat_id: null });
        expect(n.sent_at).toBe(n.created_at);
        expect(n.created_at).toBeGreaterThan(ticket.created_at);
        if (n.opened_at !== null) {
          expect(n.opened_at).toBeGreaterThanOrEqual(n.created_at);
          expect(n.opened_at).toBeLessThan(NOW);
          expect(n.opened_via).toBe('link');
        }
      }
      const acted = mine.filter((n) => n.acted_at !== null);
      if (ticket.first_action_at === null) {
        expect(acted, ticket.code).toHaveLength(0);
      } else {
        expect(acted, ticket.code).toHaveLength(1);
        expect(acted[0]?.acted_at).toBe(ticket.first_action_at);
        expect(acted[0]?.opened_at).toBeLessThanOrEqual(ticket.first_action_at);
      }
    }
  });

  it('sends the SLA warnings and breach notices already due through the worker, once, and schedules the rest', async () => {
    const open = await db().selectFrom('tickets').select(['id', 'status', 'assignee_id']).where('status', 'in', ['registered', 'in_progress']).execute();
    // Every open ticket has its next check in the outbox; the ones past their 75 % point are due now.
    const checks = await db().selectFrom('jobs').select(['payload', 'run_at']).where('type', '=', 'sla.check').execute();
    const checked = new Set(checks.map((j) => (JSON.parse(j.payload) as { ticketId: number }).ticketId));
    for (const ticket of open) expect(checked.has(ticket.id), String(ticket.id)).toBe(true);
    expect(checks.filter((j) => j.run_at <= NOW).length).toBeGreaterThan(0);
    expect(checks.filter((j) => j.run_at > NOW).length).toBeGreaterThan(0);

    // npm start creates the first admin before the demo loads; the test app has none.
    const admin = await buildUser(t.database, { role: 'admin', onDuty: false });
    const admins = (await db().selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1).execute()).map((u) => u.id);
    const background = await startBackground(t.ctx, { worker: { pollIntervalMs: 50 }, reminderCheckMs: 0 });
    try {
      const dueNow = checks.filter((j) => j.run_at <= NOW).length;
      await waitFor(
        async () =>
          Number(
            (
              await db()
                .selectFrom('jobs')
                .select((eb) => eb.fn.countAll().as('n'))
                .where('type', '=', 'sla.check')
                .where('status', '=', 'done')
                .executeTakeFirstOrThrow()
            ).n,
          ) >= dueNow,
        20_000,
        'due SLA checks',
      );
    } finally {
      await background.stop(1000);
    }
    const sent = await db().selectFrom('notifications').select(['ticket_id', 'user_id', 'kind', 'channel', 'status']).where('kind', 'in', ['sla_warning', 'sla_breach']).execute();
    const warnings = sent.filter((n) => n.kind === 'sla_warning');
    const breaches = sent.filter((n) => n.kind === 'sla_breach');
    expect(warnings.length).toBeGreaterThan(0);
    expect(breaches.length).toBeGreaterThan(0);
    // No Telegram in the demo: the in-app panel, sent at once.
    for (const n of sent) expect([n.channel, n.status]).toEqual(['web', 'sent']);
    // A warning goes to the assignee of a ticket in progress, to everyone on duty for one in the queue; a breach to the admins.
    const technicians = (await db().selectFrom('users').select('id').where('active', '=', 1).where('on_duty', '=', 1).execute()).map((u) => u.id);
    for (const w of warnings) {
      const ticket = open.find((o) => o.id === w.ticket_id);
      expect(ticket, String(w.ticket_id)).toBeDefined();
      if (ticket?.assignee_id != null) expect(w.user_id).toBe(ticket.assignee_id);
      else expect(technicians).toContain(w.user_id);
    }
    for (const b of breaches) expect(admins).toContain(b.user_id);
    // Each notice once per ticket and person.
    const keys = sent.map((n) => `${n.ticket_id}:${n.user_id}:${n.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    // An amber ticket of the queue has its warning in the technicians' panel.
    const queue = (await t.app.inject({ url: '/api/v1/queue?limit=50', headers: { authorization: `Bearer ${await bearerToken(t, admin)}` } })).json();
    const amber = queue.items.filter((i: { slaState: string }) => i.slaState === 'warning').map((i: { code: string }) => i.code);
    const amberIds = (await db().selectFrom('tickets').select('id').where('code', 'in', amber).execute()).map((r) => r.id);
    expect(amberIds.length).toBeGreaterThan(0);
    for (const id of amberIds)
      expect(
        warnings
          .filter((w) => w.ticket_id === id)
          .map((w) => w.user_id)
          .sort(),
        String(id),
      ).toEqual([...technicians].sort());
  }, 60_000);

  it('records assistant metrics (never any text): mostly answered from the FAQ, some escalated, some rated', async () => {
    const rows = await db().selectFrom('assistant_interactions').selectAll().execute();
    expect(rows.length).toBeGreaterThanOrEqual(100);
    const faqIds = new Set((await db().selectFrom('faqs').select('id').execute()).map((f) => f.id));
    for (const r of rows) {
      expect(r.created_at).toBeLessThan(NOW);
      expect(['faq', 'none']).toContain(r.source);
      if (r.source === 'faq') expect(faqIds.has(r.faq_id as number)).toBe(true);
      else expect(r.escalated).toBe(1);
      if (r.helpful !== null) expect(r.feedback_at).toBeGreaterThan(r.created_at);
    }
    const answered = rows.filter((r) => r.source !== 'none' && r.escalated === 0).length;
    expect(answered / rows.length).toBeGreaterThan(0.6);
    expect(answered / rows.length).toBeLessThan(0.9);
    expect(new Set(rows.map((r) => r.public_id)).size).toBe(rows.length);
  });

  it('does nothing the second time', async () => {
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('staff')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect(await seedDemo(t.database, t.ctx.clock, TIME_ZONE)).toBeNull();
    expect(await count()).toBe(before);
  });

  if (dialect === 'sqlite') {
    it('loads in well under a second on SQLite', () => {
      // The target is < 1 s (0.2–0.4 s here, even on a loaded machine); the bound leaves room for a busy CI runner.
      expect(seedMs).toBeLessThan(3000);
    });
  }
});

describe('demo data determinism', () => {
  it('generates the same people whatever the day it is loaded', async () => {
    const a = await createTestDatabase('sqlite');
    const b = await createTestDatabase('sqlite');
    try {
      await seedDemo(a, () => NOW, TIME_ZONE);
      await seedDemo(b, () => NOW + 200 * 86_400_000, TIME_ZONE);
      const people = (d: typeof a) => d.db.selectFrom('staff').select(['dni', 'first_name', 'last_name', 'phone']).orderBy('dni').execute();
      expect(await people(b)).toEqual(await people(a));
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});

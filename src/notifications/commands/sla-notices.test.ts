/**
 * SLA warnings and breach notices through the outbox, with two real workers on one database (as
 * two app instances would run them), on every dialect: at 75 % of a target the assignee — everyone
 * on duty while nobody has it — gets one warning; at the breach the admins get one notice; each
 * once, whatever the workers and reruns do; none while the ticket waits for the requester.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../../test/helpers/app';
import { bearerToken } from '../../../test/helpers/auth';
import { buildCategory, buildStaff, buildUser } from '../../../test/helpers/factories';
import { waitFor } from '../../../test/helpers/telegram';
import { startBackground, type Background } from '../../background';
import { createContext } from '../../core/context';
import { notificationDeps } from '../notification-deps';
import { runSlaCheck } from './sla-notices';
import { slaMessage } from '../messages';
import { findTicketForMessage } from '../notifications.repository';

const lima = (local: string) => Date.parse(`${local}-05:00`);

describeEachDialect('SLA warnings and breach notices (two workers)', (dialect) => {
  let t: TestApp;
  const clock = manualClock(lima('2026-12-02T09:00:00'));
  const backgrounds: Background[] = [];
  let rosa: { id: number; username: string; password: string };
  let luis: { id: number };
  let admin: { id: number; username: string; password: string };
  let offDuty: { id: number };
  let asRosa: Record<string, string>;
  let criticalCategory: number;

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    luis = await buildUser(t.database, { fullName: 'Luis Condori Apaza' });
    admin = await buildUser(t.database, { fullName: 'Ana Admin', role: 'admin', onDuty: false });
    offDuty = await buildUser(t.database, { fullName: 'Pedro Libre', onDuty: false });
    asRosa = { authorization: `Bearer ${await bearerToken(t, rosa)}` };
    criticalCategory = (await buildCategory(t.database, { name: 'Caída del SIAF' })).id;
    await t.database.db.updateTable('categories').set({ default_priority: 'critical' }).where('id', '=', criticalCategory).execute();
    // Two instances' workers on the same database, sharing the test's clock.
    const second = createContext(t.ctx.config, t.database, clock);
    for (const ctx of [t.ctx, second]) backgrounds.push(await startBackground(ctx, { worker: { pollIntervalMs: 50 }, reminderCheckMs: 0 }));
  });
  afterAll(async () => {
    for (const b of backgrounds) await b.stop(1000);
    await t.close();
  });

  const notices = async (ticketId: number) =>
    (await t.database.db.selectFrom('notifications').select(['user_id', 'kind']).where('ticket_id', '=', ticketId).where('kind', 'in', ['sla_warning', 'sla_breach']).orderBy('id').execute()).map(
      (n) => `${n.kind}:${n.user_id}`,
    );
  const recorded = async (ticketId: number) => (await t.database.db.selectFrom('sla_notices').select('kind').where('ticket_id', '=', ticketId).execute()).map((r) => r.kind).sort();
  const settle = () => new Promise((r) => setTimeout(r, 400));

  it('warns everyone on duty at 75 % of the first response, the admins at the breach, the assignee at 75 % of the resolution — once each', async () => {
    const person = await buildStaff(t.database);
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { dni: person.dni, categoryId: criticalCategory, description: 'El SIAF no abre en toda la oficina de finanzas.' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const code = filed.json().code as string;
    const ticketId = (await t.database.db.selectFrom('tickets').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    // ticket.created runs now; nothing about the SLA yet.
    await settle();
    expect(await notices(ticketId)).toEqual([]);

    // Critical: first response in 15 business minutes → warning at 09:11:15, breach at 09:15.
    clock.set(lima('2026-12-02T09:12:00'));
    await waitFor(async () => (await notices(ticketId)).length >= 2, 10_000, 'first-response warnings');
    await settle();
    expect((await notices(ticketId)).sort()).toEqual([`sla_warning:${rosa.id}`, `sla_warning:${luis.id}`].sort());

    clock.set(lima('2026-12-02T09:16:00'));
    await waitFor(async () => (await notices(ticketId)).includes(`sla_breach:${admin.id}`), 10_000, 'breach notice to the admin');
    await settle();
    expect((await notices(ticketId)).filter((n) => n.startsWith('sla_breach'))).toEqual([`sla_breach:${admin.id}`]);
    expect(await recorded(ticketId)).toEqual(['first_response_breach', 'first_response_warning']);

    // Rosa takes it; resolution in 240 → warning at 12:00 to her alone, breach at 13:00 to the admin.
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/assign`, payload: {}, headers: asRosa })).statusCode).toBe(200);
    clock.set(lima('2026-12-02T12:01:00'));
    await waitFor(async () => (await recorded(ticketId)).includes('resolution_warning'), 10_000, 'resolution warning');
    await settle();
    const after = await notices(ticketId);
    expect(after.filter((n) => n === `sla_warning:${rosa.id}`)).toHaveLength(2);
    expect(after.filter((n) => n === `sla_warning:${luis.id}`)).toHaveLength(1);
    expect(after.some((n) => n.endsWith(`:${offDuty.id}`))).toBe(false);

    // The requester is asked something at 12:30: the clock stops, no breach at 13:00.
    clock.set(lima('2026-12-02T12:30:00'));
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/transition`, payload: { to: 'waiting', note: '¿Le aparece algún código de error?' }, headers: asRosa })).statusCode,
    ).toBe(200);
    clock.set(lima('2026-12-02T13:30:00'));
    await settle();
    expect(await recorded(ticketId)).not.toContain('resolution_breach');

    // Back at 14:00 with 30 minutes left (12:30 → 13:00): due 14:30, breach told to the admin once.
    clock.set(lima('2026-12-02T14:00:00'));
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/transition`, payload: { to: 'in_progress' }, headers: asRosa })).statusCode).toBe(200);
    const ticket = await findTicketForMessage(t.database.db, ticketId);
    expect(ticket?.resolutionDueAt).toBe(lima('2026-12-02T14:30:00'));
    clock.set(lima('2026-12-02T14:31:00'));
    await waitFor(async () => (await recorded(ticketId)).includes('resolution_breach'), 10_000, 'resolution breach');
    await settle();

    // A rerun of the check (a crash after sending, a second worker) sends nothing more.
    const deps = notificationDeps(t.ctx);
    const job = { job: { id: 0, type: 'sla.check', attempts: 1, createdAt: clock() }, complete: async () => undefined } as unknown as Parameters<typeof runSlaCheck>[2];
    const reruns = await Promise.all([runSlaCheck(deps, { ticketId }, job), runSlaCheck(deps, { ticketId }, job)]);
    expect(reruns).toEqual([0, 0]);
    const final = await notices(ticketId);
    expect(final.filter((n) => n === `sla_breach:${admin.id}`)).toHaveLength(2);
    expect(final).toHaveLength(5);
    expect(await recorded(ticketId)).toEqual(['first_response_breach', 'first_response_warning', 'resolution_breach', 'resolution_warning']);
    const parked = await t.database.db.selectFrom('jobs').select('type').where('status', '=', 'failed').execute();
    expect(parked).toEqual([]);
  }, 60_000);

  it('warns at once when shorter targets put the 75 % point behind while the breach is still ahead', async () => {
    // Thursday 09:00, normal: first response due 13:00 (240 min), warning at 12:00.
    clock.set(lima('2026-12-03T09:00:00'));
    const person = await buildStaff(t.database);
    const other = await buildCategory(t.database);
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: other.id, description: 'La impresora del segundo piso no imprime.' } });
    expect(filed.statusCode, filed.body).toBe(201);
    const ticketId = (await t.database.db.selectFrom('tickets').select('id').where('code', '=', filed.json().code).executeTakeFirstOrThrow()).id;
    await settle();
    // 10:45: the admin sets 120 minutes → warning 10:30 (behind), due 11:00 (ahead).
    clock.set(lima('2026-12-03T10:45:00'));
    const asAdmin = { authorization: `Bearer ${await bearerToken(t, admin)}` };
    const current = (await t.app.inject({ url: '/api/v1/admin/sla', headers: asAdmin })).json().targets as { priority: string; firstResponseMinutes: number }[];
    const shorter = current.map((x) => (x.priority === 'normal' ? { ...x, firstResponseMinutes: 120 } : x));
    const saved = await t.app.inject({ method: 'PUT', url: '/api/v1/admin/sla', payload: { targets: shorter }, headers: asAdmin });
    expect(saved.statusCode, saved.body).toBe(200);
    await waitFor(async () => (await notices(ticketId)).length >= 2, 10_000, 'the warning at once, not at the breach');
    await settle();
    expect((await notices(ticketId)).sort()).toEqual([`sla_warning:${rosa.id}`, `sla_warning:${luis.id}`].sort());
    expect(await recorded(ticketId)).toEqual(['first_response_warning']);
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/admin/sla', payload: { targets: current }, headers: asAdmin })).statusCode).toBe(200);
  }, 60_000);

  it('words the Telegram warning with the priority and the time left, and the breach plainly', async () => {
    const ticket = { code: 'TK-7F3K9Q2M', lane: 0, firstResponseDueAt: lima('2026-12-02T10:00:00'), resolutionDueAt: lima('2026-12-02T13:00:00') } as Parameters<typeof slaMessage>[1];
    const n = { linkToken: 'abc' } as Parameters<typeof slaMessage>[2];
    const config = { publicBaseUrl: 'https://itims.example.org', timeZone: 'America/Lima', botToken: 'x' };
    const warning = slaMessage(config, ticket, n, 'resolution_warning', lima('2026-12-02T11:40:00'));
    expect(warning.text).toBe('⏳ El ticket TK-7F3K9Q2M (crítica) vence en 1 h 20 min (resolución).');
    expect(warning.buttons[0]?.[0]).toMatchObject({ text: 'Ver ticket', url: 'https://itims.example.org/n/abc' });
    expect(slaMessage(config, ticket, n, 'first_response_breach', lima('2026-12-02T10:05:00')).text).toBe('🚨 El ticket TK-7F3K9Q2M (crítica) venció: primera respuesta fuera de plazo.');
  });
});

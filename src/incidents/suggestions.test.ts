/**
 * Suggested major incidents (issue 19), on every database: which waiting tickets make a suggestion
 * (the window and its edge, one office or several, categories kept apart, taken and linked tickets
 * left out), detection in the worker when tickets arrive (one record and one notice per on-duty
 * user per suggestion, however many tickets join), and the answers to bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { bearerToken } from '../../test/helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildTicket, buildUser } from '../../test/helpers/factories';
import { Worker } from '../jobs/worker';
import { applicationJobHandlers } from '../background';
import { loadConfig, ConfigError } from '../config/config';
import { groupSuggestions } from './commands/suggestions';
import { myNotices } from '../notifications/queries/my-notices';

const MINUTE = 60_000;

describeEachDialect('suggested incidents', (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  const clock = manualClock(Date.now());

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock, env: { INCIDENT_WINDOW_MINUTES: '30', INCIDENT_MIN_TICKETS: '3', TICKET_FLOOD_MINUTES: '0' } });
    const rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani', onDuty: false });
    headers = { authorization: `Bearer ${await bearerToken(t, rosa)}` };
  });
  afterAll(() => t.close());

  type Answer = { categoryId: number; officeIds: number[]; ticketCodes: string[]; since: string };
  const suggestionsOf = async (categoryId: number): Promise<Answer[]> => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/incidents/suggestions', headers });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as Answer[]).filter((s) => s.categoryId === categoryId);
  };

  it('suggests three waiting tickets of one category from several offices, oldest first, and keeps categories apart', async () => {
    const internet = (await buildCategory(t.database, { name: 'Internet y red' })).id;
    const printers = (await buildCategory(t.database, { name: 'Impresoras' })).id;
    const [central, norte] = [(await buildOffice(t.database, { name: 'Sede Central' })).id, (await buildOffice(t.database, { name: 'Agencia Norte' })).id];
    const now = clock();
    const a = await buildTicket(t.database, { categoryId: internet, officeId: central, at: now - 20 * MINUTE });
    const b = await buildTicket(t.database, { categoryId: internet, officeId: norte, at: now - 10 * MINUTE });
    const c = await buildTicket(t.database, { categoryId: internet, officeId: central, at: now - 1 * MINUTE });
    // Two of another category in the same minutes are not a suggestion, nor do they join this one.
    await buildTicket(t.database, { categoryId: printers, officeId: central, at: now - 5 * MINUTE });
    await buildTicket(t.database, { categoryId: printers, officeId: central, at: now - 4 * MINUTE });

    expect(await suggestionsOf(internet)).toEqual([
      { categoryId: internet, officeIds: [central, norte].sort((x, y) => x - y), ticketCodes: [a.code, b.code, c.code], since: new Date(now - 20 * MINUTE).toISOString() },
    ]);
    expect(await suggestionsOf(printers)).toEqual([]);
  });

  it('suggests tickets of one office alone', async () => {
    const category = (await buildCategory(t.database, { name: 'SIAF' })).id;
    const office = (await buildOffice(t.database, { name: 'Subgerencia de Obras' })).id;
    const codes = [];
    for (const ago of [15, 12, 9, 3]) codes.push((await buildTicket(t.database, { categoryId: category, officeId: office, at: clock() - ago * MINUTE })).code);
    const [s] = await suggestionsOf(category);
    expect(s).toMatchObject({ officeIds: [office], ticketCodes: codes });
  });

  it('counts a ticket filed exactly at the window edge, and not one millisecond earlier', async () => {
    const category = (await buildCategory(t.database, { name: 'Correo' })).id;
    const now = clock();
    const edge = await buildTicket(t.database, { categoryId: category, at: now - 30 * MINUTE });
    await buildTicket(t.database, { categoryId: category, at: now - 2 * MINUTE });
    await buildTicket(t.database, { categoryId: category, at: now - 1 * MINUTE });
    expect((await suggestionsOf(category))[0]?.ticketCodes[0]).toBe(edge.code);
    clock.advance(1);
    expect(await suggestionsOf(category)).toEqual([]);
  });

  it('leaves out taken tickets and children of an incident', async () => {
    const category = (await buildCategory(t.database, { name: 'Telefonía' })).id;
    const tech = await buildUser(t.database, { onDuty: false });
    const now = clock();
    await buildTicket(t.database, { categoryId: category, at: now - 3 * MINUTE });
    await buildTicket(t.database, { categoryId: category, at: now - 2 * MINUTE });
    await buildTicket(t.database, { categoryId: category, at: now - 1 * MINUTE, status: 'in_progress', assigneeId: tech.id });
    expect(await suggestionsOf(category)).toEqual([]);
    const fourth = await buildTicket(t.database, { categoryId: category, at: now });
    const [s] = await suggestionsOf(category);
    expect(s?.ticketCodes).toHaveLength(3);
    const declared = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers,
      payload: { title: 'Centralita caída', publicMessage: 'Ya lo estamos atendiendo.', ticketCodes: [fourth.code] },
    });
    expect(declared.statusCode, declared.body).toBe(201);
    expect(await suggestionsOf(category)).toEqual([]);
  });

  it('is staff-only, and answers nothing with detection off', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/incidents/suggestions' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.message).toMatch(/[a-záéíóúñ]/);
    const off = await startTestApp(dialect, { database: t.database, clock, env: { INCIDENT_MIN_TICKETS: '0' } });
    try {
      const res = await off.app.inject({ method: 'GET', url: '/api/v1/incidents/suggestions', headers });
      expect([res.statusCode, res.json()]).toEqual([200, []]);
    } finally {
      await off.app.close();
    }
  });

  describe('detection when tickets arrive (the worker)', () => {
    let worker: Worker;
    let category: number;
    let onDuty: { id: number }[];
    beforeAll(async () => {
      // Only this block's technicians are on duty from here on.
      await t.database.db.updateTable('users').set({ on_duty: 0 }).execute();
      onDuty = [await buildUser(t.database, { fullName: 'Ana Torres' }), await buildUser(t.database, { fullName: 'Luis Rojas' })];
      worker = new Worker({ database: t.database, clock, handlers: applicationJobHandlers(t.ctx), concurrency: 4 });
      category = (await buildCategory(t.database, { name: 'Sistema de trámite' })).id;
    });

    const file = async (officeId?: number) => {
      const person = await buildStaff(t.database, officeId === undefined ? {} : { officeId });
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: category, description: 'El sistema de trámite no abre desde las 9.' } });
      expect(res.statusCode, res.body).toBe(201);
      clock.advance(MINUTE);
      return res.json().code as string;
    };
    const records = () => t.database.db.selectFrom('incident_suggestions').selectAll().where('category_id', '=', category).orderBy('id').execute();
    const notices = () =>
      t.database.db
        .selectFrom('notifications')
        .select(['user_id', 'channel', 'status'])
        .where('kind', '=', 'suggestion')
        .where(
          'user_id',
          'in',
          onDuty.map((u) => u.id),
        )
        .orderBy('id')
        .execute();

    it('records the suggestion once and tells each on-duty user once, however many tickets join', async () => {
      const office = (await buildOffice(t.database, { name: 'Sede Central' })).id;
      await file(office);
      await file();
      await worker.drain();
      expect(await records()).toEqual([]);

      // The third arrival reaches the minimum; the fourth and fifth join the same suggestion.
      await file(office);
      await file(office);
      await worker.drain();
      await file();
      await worker.drain();
      const [record, ...more] = await records();
      expect(more).toEqual([]);
      expect(record).toMatchObject({ category_id: category, active_category_id: category, ended_at: null });
      expect(Number(record!.ticket_count)).toBeGreaterThanOrEqual(3);
      const told = await notices();
      expect(told.map((n) => n.user_id).sort()).toEqual(onDuty.map((u) => u.id).sort());
      // No Telegram here: the notice is the web panel's, delivered by being written.
      expect(told.every((n) => n.channel === 'web' && n.status === 'sent')).toBe(true);

      // Listed in each on-duty user's web panel, naming the category.
      const panel = (await myNotices(t.database, onDuty[0]!.id)).filter((n) => n.kind === 'suggestion');
      expect(panel).toHaveLength(1);
      expect(panel[0]!.category).toBe('Sistema de trámite');
    });

    it('ends when its tickets are gone, and a later burst is a new suggestion with a new notice', async () => {
      // The window passes: the next arrival finds fewer than the minimum and ends the suggestion.
      clock.advance(31 * MINUTE);
      await file();
      await worker.drain();
      const afterEnd = await records();
      expect(afterEnd).toHaveLength(1);
      expect(afterEnd[0]).toMatchObject({ active_category_id: null });
      expect(afterEnd[0]!.ended_at).not.toBeNull();
      const before = (await notices()).length;

      await file();
      await file();
      await worker.drain();
      const after = await records();
      expect(after).toHaveLength(2);
      expect(after[1]).toMatchObject({ active_category_id: category, ended_at: null });
      expect((await notices()).length).toBe(before + onDuty.length);
    });

    it("running a ticket's detection again changes nothing (a retried job)", async () => {
      const { detectAfterFiling } = await import('./commands/suggestions');
      const last = await t.database.db.selectFrom('tickets').select('id').where('category_id', '=', category).orderBy('id', 'desc').executeTakeFirstOrThrow();
      let announced = 0;
      const outcome = await detectAfterFiling(
        {
          database: t.database,
          clock,
          settings: t.ctx.config.incidentDetection,
          announce: async () => {
            announced++;
          },
        },
        last.id,
      );
      expect([outcome, announced]).toEqual(['already-active', 0]);
      expect(await records()).toHaveLength(2);
    });
  });
});

describe('grouping and settings', () => {
  const w = (id: number, categoryId: number, officeId: number, createdAt: number) => ({ id, code: `TK-${id}`, categoryId, officeId, createdAt });

  it('groups by category with the minimum, offices ascending and each once, oldest suggestion first', () => {
    const tickets = [w(1, 7, 3, 100), w(2, 9, 1, 110), w(3, 7, 1, 120), w(4, 9, 1, 130), w(5, 7, 3, 140), w(6, 9, 2, 150)];
    expect(groupSuggestions(tickets, 3)).toEqual([
      { categoryId: 7, officeIds: [1, 3], ticketCodes: ['TK-1', 'TK-3', 'TK-5'], since: 100 },
      { categoryId: 9, officeIds: [1, 2], ticketCodes: ['TK-2', 'TK-4', 'TK-6'], since: 110 },
    ]);
    expect(groupSuggestions(tickets, 4)).toEqual([]);
    expect(groupSuggestions(tickets, 0)).toEqual([]);
  });

  it('refuses a window or a minimum that cannot work, in Spanish', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(problems({ INCIDENT_WINDOW_MINUTES: '99999' })).toEqual(['INCIDENT_WINDOW_MINUTES=99999 está fuera del rango 1–1440']);
    expect(problems({ INCIDENT_MIN_TICKETS: '1' })).toEqual(['INCIDENT_MIN_TICKETS="1" no forma un grupo: use 0 (desactivado) o un número entre 2 y 1000']);
    expect(loadConfig({}).incidentDetection).toEqual({ windowMinutes: 30, minTickets: 3 });
  });
});

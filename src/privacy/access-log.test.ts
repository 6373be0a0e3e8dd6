/**
 * The personal-data access log: one test per kind of read (staff ticket API, staff ticket page,
 * ticket search by DNI, the staff directory by API and page), what is recorded (who, when, where,
 * whose — never the value), and `GET /admin/access-log` with its filters and errors.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildOffice, buildStaff, buildTicket, buildUser } from '../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';

describeEachDialect('personal-data access log', (dialect) => {
  let t: TestApp;
  const clock = manualClock(Date.parse('2026-12-02T15:00:00Z'));
  let admin: LoggedInHeaders;
  let tech: LoggedInHeaders;
  let techId: number;
  let adminId: number;
  let person: { id: number; dni: string };
  let ticket: { id: number; code: string };

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    const a = await buildUser(t.database, { role: 'admin' });
    const u = await buildUser(t.database);
    adminId = a.id;
    techId = u.id;
    admin = await loginAs(t, a);
    tech = await loginAs(t, u);
    await buildStaff(t.database, { phone: null });
    person = await buildStaff(t.database, { phone: '987654321' });
    ticket = await buildTicket(t.database, { staffId: person.id, contactPhone: '912345678' });
  });
  afterAll(() => t.close());

  const rows = () => t.database.db.selectFrom('personal_data_access').selectAll().orderBy('id', 'desc').execute();
  const log = (query = '', headers = admin.headers) => t.app.inject({ url: `/api/v1/admin/access-log${query}`, headers });

  it('records a read of the staff ticket API: who, when, which ticket and person, which fields — not the values', async () => {
    clock.advance(60_000);
    const res = await t.app.inject({ url: `/api/v1/staff/tickets/${ticket.code}`, headers: tech.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().requester.dni).toBe(person.dni);
    const [row] = await rows();
    expect(row).toMatchObject({ user_id: techId, kind: 'ticket_api', fields: 'dni,phone', ticket_id: ticket.id, staff_id: person.id });
    expect(Number(row!.at)).toBe(clock());
    expect(JSON.stringify(row)).not.toContain(person.dni);
    expect(JSON.stringify(row)).not.toContain('987654321');
  });

  it('records a view of the staff ticket page', async () => {
    clock.advance(60_000);
    const res = await t.app.inject({ url: `/staff/tickets/${ticket.code}`, headers: { cookie: tech.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(person.dni);
    expect((await rows())[0]).toMatchObject({ user_id: techId, kind: 'ticket_page', ticket_id: ticket.id, staff_id: person.id });
  });

  it('records a ticket search by DNI (API and page), and not a search by words', async () => {
    clock.advance(60_000);
    const before = (await rows()).length;
    expect((await t.app.inject({ url: `/api/v1/tickets?q=${person.dni}`, headers: tech.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/staff/tickets?q=${person.dni}`, headers: { cookie: tech.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/tickets?q=impresora', headers: tech.headers })).statusCode).toBe(200);
    const added = (await rows()).slice(0, (await rows()).length - before);
    expect(added.map((r) => [r.kind, r.staff_id, r.fields])).toEqual([
      ['ticket_search', person.id, 'dni'],
      ['ticket_search', person.id, 'dni'],
    ]);
  });

  it('records a page of the staff directory with how many people it showed (API and page)', async () => {
    clock.advance(60_000);
    const api = await t.app.inject({ url: '/api/v1/admin/staff?limit=10', headers: admin.headers });
    expect(api.statusCode).toBe(200);
    const shown = api.json().items.length;
    expect((await rows())[0]).toMatchObject({ user_id: adminId, kind: 'staff_directory', people: shown, fields: 'dni,phone' });
    expect((await t.app.inject({ url: `/staff/admin/staff?q=${person.dni}`, headers: { cookie: admin.cookie } })).statusCode).toBe(200);
    expect((await rows())[0]).toMatchObject({ kind: 'staff_directory', people: 1, staff_id: person.id });
  });

  it('answers GET /admin/access-log newest first, filtered by DNI, user and dates, paginated', async () => {
    const all = await log();
    expect(all.statusCode).toBe(200);
    const items = all.json().items as { kind: string; user: { id: number }; ticketCode: string | null; person: { id: number } | null; at: string }[];
    expect(items[0]!.kind).toBe('staff_directory');
    const byDni = (await log(`?dni=${person.dni}`)).json().items as typeof items;
    expect(byDni.map((e) => e.kind)).toEqual(['staff_directory', 'ticket_search', 'ticket_search', 'ticket_page', 'ticket_api']);
    expect(byDni.find((e) => e.kind === 'ticket_api')).toMatchObject({ ticketCode: ticket.code, person: { id: person.id }, user: { id: techId } });
    expect((await log(`?userId=${techId}`)).json().items.every((e: { user: { id: number } }) => e.user.id === techId)).toBe(true);
    expect((await log('?dni=87654321')).json().items).toEqual([]);
    const apiReadAt = byDni.find((e) => e.kind === 'ticket_api')!.at;
    expect((await log(`?dni=${person.dni}&to=${apiReadAt}`)).json().items.map((e: { kind: string }) => e.kind)).toEqual(['ticket_api']);
    expect((await log(`?dni=${person.dni}&from=2026-12-03`)).json().items).toEqual([]);
    expect((await log(`?dni=${person.dni}&from=2026-12-02&to=2026-12-02`)).json().items).toHaveLength(5);
    const first = (await log(`?dni=${person.dni}&limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const second = (await log(`?dni=${person.dni}&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((e: { kind: string }) => e.kind)).toEqual(['ticket_search', 'ticket_page']);
  });

  it('refuses bad filters with 422 naming the field, anonymous callers with 401 and technicians with 403', async () => {
    const badDni = await log('?dni=123');
    expect(badDni.statusCode).toBe(422);
    expect(Object.keys(badDni.json().error.fields)).toEqual(['dni']);
    const badDate = await log('?from=ayer');
    expect(badDate.statusCode).toBe(422);
    expect(Object.keys(badDate.json().error.fields)).toEqual(['from']);
    expect((await log('?cursor=abc')).statusCode).toBe(422);
    const badLimit = await log('?limit=0');
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().error.code).toBeDefined();
    expect((await t.app.inject({ url: '/api/v1/admin/access-log' })).statusCode).toBe(401);
    expect((await log('', tech.headers)).statusCode).toBe(403);
  });

  it('shows the log on the admin page, in Spanish, with where and whose', async () => {
    const res = await t.app.inject({ url: `/staff/admin/access-log?dni=${person.dni}`, headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Accesos a datos personales');
    expect(res.body).toContain(`API del personal, ticket ${ticket.code}`);
    expect(res.body).toContain('Búsqueda de tickets por DNI');
    const bad = await t.app.inject({ url: '/staff/admin/access-log?from=ayer', headers: { cookie: admin.cookie } });
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('Escriba la fecha como día/mes/año (dd/mm/aaaa)');
    const dayFirst = await t.app.inject({ url: `/staff/admin/access-log?dni=${person.dni}&from=1%2F1%2F2000`, headers: { cookie: admin.cookie } });
    expect(dayFirst.body).toContain(`API del personal, ticket ${ticket.code}`);
    expect(dayFirst.body).toContain('value="01/01/2000"');
    expect((await t.app.inject({ url: '/staff/admin/access-log', headers: { cookie: tech.cookie } })).statusCode).toBe(403);
  });

  it("records the equipment admin views that show custodians' DNIs (list, one asset, edit page, saved asset), and not assets without one", async () => {
    clock.advance(60_000);
    const office = await buildOffice(t.database);
    const other = await buildStaff(t.database, { officeId: office.id });
    const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url: `/api/v1${url}`, headers: admin.headers, payload });
    expect((await api('POST', '/admin/assets', { code: '550011112222', description: 'Impresora láser', officeId: office.id, custodianDni: person.dni })).statusCode).toBe(201);
    expect((await api('POST', '/admin/assets', { code: '550011113333', description: 'Monitor', officeId: office.id, custodianDni: other.dni })).statusCode).toBe(201);
    expect((await api('POST', '/admin/assets', { code: '550011114444', description: 'Proyector', officeId: office.id })).statusCode).toBe(201);
    const equipment = async () => (await rows()).filter((r) => r.kind === 'equipment');
    expect(await equipment()).toHaveLength(2);

    const list = await api('GET', `/admin/assets?office=${office.id}`);
    expect(
      list
        .json()
        .items.map((a: { custodianDni: string | null }) => a.custodianDni)
        .sort(),
    ).toEqual([other.dni, person.dni, null].sort());
    expect((await equipment())[0]).toMatchObject({ user_id: adminId, fields: 'dni', people: 2, staff_id: null });

    expect((await api('GET', '/admin/assets/550011112222')).json().custodianDni).toBe(person.dni);
    expect((await equipment())[0]).toMatchObject({ people: 1, staff_id: person.id, fields: 'dni' });
    const page = await t.app.inject({ url: '/staff/admin/assets/550011112222', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(person.dni);
    expect((await api('PATCH', '/admin/assets/550011112222', { model: 'M404' })).json().custodianDni).toBe(person.dni);
    expect((await equipment()).slice(0, 2).map((r) => r.staff_id)).toEqual([person.id, person.id]);
    const before = (await equipment()).length;
    expect((await api('GET', '/admin/assets/550011114444')).json().custodianDni).toBeNull();
    expect(await equipment()).toHaveLength(before);

    const byDni = (await log(`?dni=${person.dni}`)).json().items as { kind: string }[];
    expect(byDni.filter((e) => e.kind === 'equipment')).toHaveLength(4);
    const shown = await t.app.inject({ url: `/staff/admin/access-log?dni=${person.dni}`, headers: { cookie: admin.cookie } });
    expect(shown.body).toContain('Responsables de equipos (administración)');
  });
});

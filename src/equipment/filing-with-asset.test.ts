import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

describeEachDialect('filing a ticket about an asset: the public list, the portal form, /a/{code} and the staff view', (dialect) => {
  let t: TestApp;
  let admin: LoggedInHeaders;
  let categoryId: number;

  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { ticketFloodMinutes: 0 } });
    admin = await loginAs(t, await buildUser(t.database, { role: 'admin' }));
    categoryId = (await buildCategory(t.database, { name: 'Impresoras' })).id;
  });
  afterAll(() => t.close());

  const register = (code: string, description: string, officeId: number, custodianDni?: string, extra: object = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/assets', headers: admin.headers, payload: { code, description, officeId, custodianDni, serial: 'SN-SECRETO', ...extra } });
  const post = (fields: Record<string, string>) => t.app.inject({ method: 'POST', url: '/tickets', payload: new URLSearchParams(fields).toString(), headers: FORM });

  async function officeWithEquipment() {
    const office = await buildOffice(t.database);
    const person = await buildStaff(t.database, { officeId: office.id, firstName: 'Teodoro', lastName: 'Ccori Huamán' });
    const colleague = await buildStaff(t.database, { officeId: office.id, firstName: 'Eulalia', lastName: 'Pari Condori' });
    const base = 700000000000 + Math.floor(Math.random() * 1e9) * 100;
    const codes = { mine: String(base + 1), colleagues: String(base + 2), shared: String(base + 3), retired: String(base + 4), elsewhere: String(base + 5) };
    await register(codes.mine, 'Laptop Dell Latitude', office.id, person.dni);
    await register(codes.colleagues, 'PC de escritorio HP', office.id, colleague.dni);
    await register(codes.shared, 'Impresora de la oficina', office.id);
    await register(codes.retired, 'Monitor dado de baja', office.id, person.dni, { active: false });
    await register(codes.elsewhere, 'Equipo de otra oficina', (await buildOffice(t.database)).id);
    return { office, person, colleague, codes };
  }

  it("lists a person's equipment first, then their office's — codes and descriptions only, no custodian", async () => {
    const { person, colleague, codes } = await officeWithEquipment();
    const res = await t.app.inject({ url: `/api/v1/directory/${person.dni}/assets` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { code: codes.mine, description: 'Laptop Dell Latitude', inCustody: true },
      { code: codes.colleagues, description: 'PC de escritorio HP', inCustody: false },
      { code: codes.shared, description: 'Impresora de la oficina', inCustody: false },
    ]);
    // Nothing about people, and no serials, in the answer.
    for (const leak of [colleague.dni, 'Eulalia', 'Pari', 'SN-SECRETO']) expect(res.body).not.toContain(leak);
  });

  it('refuses like the DNI lookup does: malformed 400, unknown 404', async () => {
    expect((await t.app.inject({ url: '/api/v1/directory/1234/assets' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/directory/00000009/assets' })).statusCode).toBe(404);
  });

  it('offers the equipment on the form once "Verificar DNI" finds the person, and files the ticket with the one chosen', async () => {
    const { person, codes } = await officeWithEquipment();
    const lookup = await post({ dni: person.dni, action: 'lookup', idempotencyKey: `k-${person.dni}-1` });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.body).toContain('¿Qué equipo?');
    expect(lookup.body).toMatch(new RegExp(`<optgroup label="A su cargo"><option value="${codes.mine}"`));
    expect(lookup.body).toContain(`<option value="${codes.shared}">Impresora de la oficina · ${codes.shared}</option>`);
    expect(lookup.body).not.toContain(codes.retired);
    expect(lookup.body).not.toContain(codes.elsewhere);

    const filed = await post({
      dni: person.dni,
      categoryId: String(categoryId),
      description: 'La laptop no carga la batería.',
      assetChoice: codes.mine,
      assetCode: '',
      idempotencyKey: `k-${person.dni}-2`,
    });
    expect(filed.statusCode).toBe(303);
    const code = /\/t\/(TK-[0-9A-Z]{8})\//.exec(filed.headers.location as string)![1]!;
    const detail = (await t.app.inject({ url: `/api/v1/admin/assets/${codes.mine}`, headers: admin.headers })).json();
    expect(detail.tickets.map((x: { code: string }) => x.code)).toEqual([code]);
  });

  it('files with a typed code (it wins over the list) and shows an unknown one on its field, keeping what was typed', async () => {
    const { person, codes } = await officeWithEquipment();
    const typed = await post({
      dni: person.dni,
      categoryId: String(categoryId),
      description: 'La impresora imprime en blanco.',
      assetChoice: 'other',
      assetCode: `${codes.shared.slice(0, 4)}-${codes.shared.slice(4)}`,
      idempotencyKey: `k-${person.dni}-3`,
    });
    expect(typed.statusCode).toBe(303);
    const unknown = await post({
      dni: person.dni,
      categoryId: String(categoryId),
      description: 'La impresora imprime en blanco.',
      assetChoice: codes.mine,
      assetCode: '123412341234',
      idempotencyKey: `k-${person.dni}-4`,
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('No encontramos un equipo activo con este código');
    expect(unknown.body).toMatch(/id="assetCode"[^>]*value="123412341234"/);
    expect(unknown.body).toContain('La impresora imprime en blanco.');
  });

  it('opens the form from a scanned label with the asset chosen, and 404 with the code on its field for an unknown one', async () => {
    const { codes } = await officeWithEquipment();
    const res = await t.app.inject({ url: `/a/${codes.shared}`, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="ticket-form"');
    expect(res.body).toContain(`<option value="${codes.shared}" selected>Impresora de la oficina · ${codes.shared}</option>`);
    const english = await t.app.inject({ url: `/a/${codes.shared}?lang=en`, headers: { accept: 'text/html' } });
    expect(english.body).toContain('Which equipment?');
    const unknown = await t.app.inject({ url: '/a/999999999999', headers: { accept: 'text/html' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toMatch(/id="assetCode"[^>]*value="999999999999"/);
    const retired = await t.app.inject({ url: `/a/${codes.retired}`, headers: { accept: 'text/html' } });
    expect(retired.statusCode).toBe(404);
  });

  it("shows the staff the asset and the machine's other tickets on the ticket page and in the API", async () => {
    const { person, codes } = await officeWithEquipment();
    const file = (description: string) => t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description, assetCode: codes.colleagues } });
    const first = (await file('La PC no enciende por la mañana.')).json().code as string;
    const second = (await file('La PC se apaga sola después de una hora.')).json().code as string;
    const staffView = await t.app.inject({ url: `/api/v1/staff/tickets/${second}`, headers: admin.headers });
    expect(staffView.statusCode).toBe(200);
    expect(staffView.json().asset).toMatchObject({
      code: codes.colleagues,
      description: 'PC de escritorio HP',
      serial: 'SN-SECRETO',
      earlierTickets: [{ code: first, status: 'registered', category: 'Impresoras' }],
    });
    const page = await t.app.inject({ url: `/staff/tickets/${second}`, headers: { ...admin.headers, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Otros tickets de este equipo (1)');
    expect(page.body).toContain(`href="/staff/tickets/${first}"`);
    // A ticket without an asset has no equipment card.
    const plain = (await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId, description: 'No puedo entrar al correo.' } })).json().code;
    expect((await t.app.inject({ url: `/api/v1/staff/tickets/${plain}`, headers: admin.headers })).json().asset).toBeNull();
  });
});

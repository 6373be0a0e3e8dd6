import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';

describeEachDialect('equipment registry: admin API and the link to tickets', (dialect) => {
  let t: TestApp;
  let admin: LoggedInHeaders;
  let categoryId: number;

  beforeAll(async () => {
    // No flood guard: one person files several tickets about one machine here.
    t = await startTestApp(dialect, { config: { ticketFloodMinutes: 0 } });
    admin = await loginAs(t, await buildUser(t.database, { role: 'admin' }));
    categoryId = (await buildCategory(t.database, { name: 'Computadoras' })).id;
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url: `/api/v1${url}`, payload, headers: admin.headers });
  const file = (body: object) => t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: body });

  it('registers an asset by its código patrimonial, ignoring the spaces and dashes typed', async () => {
    const office = await buildOffice(t.database, { name: 'Logística' });
    const custodian = await buildStaff(t.database, { firstName: 'Rosa', lastName: 'Quispe Mamani', officeId: office.id });
    const res = await api('POST', '/admin/assets', {
      code: '7408-9950 0012',
      description: 'Computadora personal',
      brand: 'Lenovo',
      model: 'ThinkCentre M70',
      serial: 'PC1X2Y3Z',
      officeId: office.id,
      custodianDni: custodian.dni,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      code: '740899500012',
      description: 'Computadora personal',
      brand: 'Lenovo',
      model: 'ThinkCentre M70',
      serial: 'PC1X2Y3Z',
      officeId: office.id,
      officeName: 'Logística',
      custodianDni: custodian.dni,
      custodianName: 'Rosa Quispe Mamani',
      active: true,
    });
    // Any spelling of the code finds it.
    const found = await api('GET', '/admin/assets/7408-9950-0012');
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ code: '740899500012', tickets: [] });
  });

  it('refuses a code already registered (409), a malformed code, an unknown office and an unknown custodian (422 naming them)', async () => {
    const office = await buildOffice(t.database);
    expect((await api('POST', '/admin/assets', { code: '111122223333', description: 'Impresora', officeId: office.id })).statusCode).toBe(201);
    const dup = await api('POST', '/admin/assets', { code: '1111 2222 3333', description: 'Otra', officeId: office.id });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'ASSET_CODE_TAKEN', fields: { code: expect.any(String) } });
    const bad = await api('POST', '/admin/assets', { code: 'PC-12', description: 'x', officeId: office.id });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().error.fields)).toEqual(['code']);
    const unknown = await api('POST', '/admin/assets', { code: '999988887777', description: ' ', officeId: 99_999_999, custodianDni: '00000001' });
    expect(unknown.statusCode).toBe(422);
    expect(Object.keys(unknown.json().error.fields).sort()).toEqual(['custodianDni', 'description', 'officeId']);
    expect(unknown.json().error.message).toMatch(/[áéíóúñ]|datos|campo|revise/i);
    expect((await api('GET', '/admin/assets/999988887777')).statusCode).toBe(404);
  });

  it('changes an asset, keeps what the patch does not name, and deactivates it instead of deleting it', async () => {
    const office = await buildOffice(t.database);
    const other = await buildOffice(t.database, { name: 'Tesorería' });
    const custodian = await buildStaff(t.database, { officeId: office.id });
    await api('POST', '/admin/assets', { code: '222233334444', description: 'Laptop', brand: 'HP', officeId: office.id, custodianDni: custodian.dni });
    const moved = await api('PATCH', '/admin/assets/222233334444', { officeId: other.id, custodianDni: null, model: 'ProBook 450' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ description: 'Laptop', brand: 'HP', model: 'ProBook 450', officeName: 'Tesorería', custodianDni: null, active: true });
    const off = await api('PATCH', '/admin/assets/2222-3333-4444', { active: false });
    expect(off.json().active).toBe(false);
    expect((await api('PATCH', '/admin/assets/000011112222', { active: false })).statusCode).toBe(404);
    expect((await api('GET', '/admin/assets?active=false&q=2222')).json().items.map((a: { code: string }) => a.code)).toEqual(['222233334444']);
  });

  it('lists assets by code, by office and by words of the description, a page at a time', async () => {
    const office = await buildOffice(t.database);
    for (const [code, description] of [
      ['500000000001', 'Impresora láser'],
      ['500000000002', 'Monitor 24 pulgadas'],
      ['500000000003', 'Impresora multifuncional'],
    ]) {
      await api('POST', '/admin/assets', { code, description, officeId: office.id });
    }
    const first = (await api('GET', `/admin/assets?office=${office.id}&limit=2`)).json();
    expect(first.items.map((a: { code: string }) => a.code)).toEqual(['500000000001', '500000000002']);
    const second = (await api('GET', `/admin/assets?office=${office.id}&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toMatchObject({ items: [{ code: '500000000003' }], nextCursor: null });
    const printers = (await api('GET', `/admin/assets?office=${office.id}&q=IMPRESORA`)).json();
    expect(printers.items.map((a: { code: string }) => a.code)).toEqual(['500000000001', '500000000003']);
    expect((await api('GET', '/admin/assets?cursor=abc')).statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    const technician = await loginAs(t, await buildUser(t.database, { role: 'technician' }));
    expect((await t.app.inject({ url: '/api/v1/admin/assets', headers: technician.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/admin/assets' })).statusCode).toBe(401);
  });

  it('files a ticket about an asset and lists it on the asset, newest first', async () => {
    const office = await buildOffice(t.database);
    const person = await buildStaff(t.database, { officeId: office.id });
    await api('POST', '/admin/assets', { code: '333344445555', description: 'Impresora de red', officeId: office.id });
    const first = await file({ dni: person.dni, categoryId, description: 'La impresora atasca el papel.', assetCode: '3333-4444-5555' });
    expect(first.statusCode).toBe(201);
    const second = await file({ dni: person.dni, categoryId, description: 'La impresora vuelve a atascar el papel.', assetCode: '333344445555' });
    expect(second.statusCode).toBe(201);
    const without = await file({ dni: person.dni, categoryId, description: 'No tengo acceso al correo.' });
    expect(without.statusCode).toBe(201);
    const detail = (await api('GET', '/admin/assets/333344445555')).json();
    expect(detail.tickets.map((x: { code: string }) => x.code)).toEqual([second.json().code, first.json().code]);
    expect(detail.tickets[0]).toMatchObject({ status: 'registered', category: 'Computadoras', resolvedAt: null });
    const row = await t.database.db.selectFrom('tickets').select('asset_id').where('code', '=', without.json().code).executeTakeFirstOrThrow();
    expect(row.asset_id).toBeNull();
  });

  it('refuses an unknown, malformed or inactive asset code with 422 on assetCode and files nothing', async () => {
    const office = await buildOffice(t.database);
    const person = await buildStaff(t.database, { officeId: office.id });
    await api('POST', '/admin/assets', { code: '444455556666', description: 'Escáner', officeId: office.id, active: false });
    const before = await t.database.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    for (const assetCode of ['987654321098', 'PC-01', '444455556666']) {
      const res = await file({ dni: person.dni, categoryId, description: 'El equipo no enciende desde ayer.', assetCode });
      expect(res.statusCode).toBe(422);
      expect(Object.keys(res.json().error.fields)).toEqual(['assetCode']);
    }
    const unknown = await file({ dni: person.dni, categoryId, description: 'El equipo no enciende desde ayer.', assetCode: '987654321098' });
    expect(unknown.json().error.code).toBe('ASSET_UNKNOWN');
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { 'accept-language': 'en' },
      payload: { dni: person.dni, categoryId, description: 'The computer does not start.', assetCode: '987654321098' },
    });
    expect(en.json().error.fields.assetCode).toMatch(/could not find/);
    const after = await t.database.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // An empty or null code is no asset at all.
    expect((await file({ dni: person.dni, categoryId, description: 'El equipo no enciende desde ayer.', assetCode: '' })).statusCode).toBe(201);
    expect((await file({ dni: person.dni, categoryId, description: 'El equipo no enciende desde hoy.', assetCode: null })).statusCode).toBe(201);
  });

  it('replays an idempotent filing with its asset, and refuses the key reused for another asset', async () => {
    const office = await buildOffice(t.database);
    const person = await buildStaff(t.database, { officeId: office.id });
    await api('POST', '/admin/assets', { code: '666677778888', description: 'Proyector', officeId: office.id });
    await api('POST', '/admin/assets', { code: '666677778889', description: 'Proyector 2', officeId: office.id });
    const body = { dni: person.dni, categoryId, description: 'El proyector no muestra imagen.', assetCode: '666677778888' };
    const headers = { 'idempotency-key': `asset-${dialect}-1` };
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: body, headers });
    const b = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: body, headers });
    expect(b.json().code).toBe(a.json().code);
    const c = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { ...body, assetCode: '666677778889' }, headers });
    expect(c.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

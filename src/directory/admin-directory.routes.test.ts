import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildOffice, buildStaff, buildUser, uniqueDni } from '../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';
import { localYear } from '../core/local-time';

describeEachDialect('admin API: offices and staff directory', (dialect) => {
  let t: TestApp;
  let admin: LoggedInHeaders;
  const year = localYear(Date.now(), 'America/Lima');

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = await loginAs(t, await buildUser(t.database, { role: 'admin' }));
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url: `/api/v1${url}`, payload, headers: admin.headers });

  it('creates offices as a tree and lists them with parent and state', async () => {
    const root = await api('POST', '/admin/offices', { name: 'Gerencia Regional', code: 'GR-ADM' });
    expect(root.statusCode).toBe(201);
    expect(root.json()).toMatchObject({ name: 'Gerencia Regional', code: 'GR-ADM', parentId: null, active: true });
    const child = await api('POST', '/admin/offices', { name: '  Oficina   de Informática ', parentId: root.json().id });
    expect(child.statusCode).toBe(201);
    expect(child.json()).toMatchObject({ name: 'Oficina de Informática', code: null, parentId: root.json().id });
    const list = (await api('GET', '/admin/offices')).json() as { id: number; parentId: number | null }[];
    expect(list.find((o) => o.id === child.json().id)?.parentId).toBe(root.json().id);
  });

  it('refuses a duplicate office code with 409 and an unknown parent with 422', async () => {
    await api('POST', '/admin/offices', { name: 'Archivo', code: 'ARCH' });
    const dup = await api('POST', '/admin/offices', { name: 'Archivo central', code: 'ARCH' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('OFFICE_CODE_TAKEN');
    const other = (await api('POST', '/admin/offices', { name: 'Tesorería', code: 'TES' })).json();
    expect((await api('PATCH', `/admin/offices/${other.id}`, { code: 'ARCH' })).statusCode).toBe(409);
    const orphan = await api('POST', '/admin/offices', { name: 'Huérfana', parentId: 999999 });
    expect(orphan.statusCode).toBe(422);
    expect(orphan.json().error.fields).toHaveProperty('parentId');
  });

  it('refuses to make an office depend on itself or on one of its descendants', async () => {
    const a = (await api('POST', '/admin/offices', { name: 'A' })).json();
    const b = (await api('POST', '/admin/offices', { name: 'B', parentId: a.id })).json();
    const c = (await api('POST', '/admin/offices', { name: 'C', parentId: b.id })).json();
    const self = await api('PATCH', `/admin/offices/${a.id}`, { parentId: a.id });
    expect(self.statusCode).toBe(422);
    expect(self.json().error.code).toBe('OFFICE_PARENT_CYCLE');
    expect((await api('PATCH', `/admin/offices/${a.id}`, { parentId: c.id })).statusCode).toBe(422);
    // Moving a leaf elsewhere is fine; so is going back to the top level.
    expect((await api('PATCH', `/admin/offices/${c.id}`, { parentId: a.id })).json().parentId).toBe(a.id);
    expect((await api('PATCH', `/admin/offices/${b.id}`, { parentId: null })).json().parentId).toBeNull();
  });

  it('deactivates an office instead of deleting it; the public lookup then stops offering it', async () => {
    const office = await buildOffice(t.database, { name: 'Almacén' });
    const person = await buildStaff(t.database, { officeId: office.id });
    expect((await t.app.inject({ url: `/api/v1/directory/${person.dni}` })).statusCode).toBe(200);
    const res = await api('PATCH', `/admin/offices/${office.id}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expect((await t.app.inject({ url: `/api/v1/directory/${person.dni}` })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/offices/${office.id}`, headers: admin.headers })).statusCode).toBe(404);
  });

  it('adds a person with an office for the current year, full details for admins', async () => {
    const office = await buildOffice(t.database, { name: 'Recursos Humanos' });
    const dni = uniqueDni();
    const res = await api('POST', '/admin/staff', { dni, firstName: ' Ana  María ', lastName: 'Torres Vega', phone: '987 654 321', officeId: office.id });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      dni,
      firstName: 'Ana María',
      lastName: 'Torres Vega',
      phone: '987654321',
      active: true,
      offices: [{ year, officeId: office.id, officeName: 'Recursos Humanos' }],
    });
    const dup = await api('POST', '/admin/staff', { dni, firstName: 'Otra', lastName: 'Persona', officeId: office.id });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DNI_TAKEN');
    const bad = await api('POST', '/admin/staff', { dni: '123', firstName: 'X', lastName: 'Y', phone: 'abc', officeId: 999999 });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().error.fields)).toContain('dni');
  });

  it('corrects, deactivates and moves a person between offices per year', async () => {
    const first = await buildOffice(t.database, { name: 'Logística' });
    const second = await buildOffice(t.database, { name: 'Contabilidad' });
    const p = await buildStaff(t.database, { officeId: first.id });
    const fixed = await api('PATCH', `/admin/staff/${p.id}`, { lastName: 'Pérez Rojas de Vega', phone: null });
    expect(fixed.json()).toMatchObject({ lastName: 'Pérez Rojas de Vega', phone: null });
    const next = await api('PUT', `/admin/staff/${p.id}/offices/${year + 1}`, { officeId: second.id });
    expect(next.statusCode).toBe(200);
    expect(next.json().offices).toEqual([
      { year: year + 1, officeId: second.id, officeName: 'Contabilidad' },
      { year, officeId: first.id, officeName: 'Logística' },
    ]);
    const moved = await api('PUT', `/admin/staff/${p.id}/offices/${year}`, { officeId: second.id });
    expect(moved.json().offices[1]).toEqual({ year, officeId: second.id, officeName: 'Contabilidad' });
    const off = await api('PATCH', `/admin/staff/${p.id}`, { active: false });
    expect(off.json().active).toBe(false);
    expect((await t.app.inject({ url: `/api/v1/directory/${p.dni}` })).statusCode).toBe(404);
    expect((await api('PATCH', '/admin/staff/999999', { active: false })).statusCode).toBe(404);
  });

  it('searches by DNI prefix or by name and pages with a cursor', async () => {
    const office = await buildOffice(t.database);
    const names = ['Zapata', 'Zamora', 'Zegarra', 'Zúñiga', 'Zavala'];
    const people = [];
    for (const lastName of names) people.push(await buildStaff(t.database, { firstName: 'Zenón', lastName: `${lastName} Quispe`, officeId: office.id }));
    const byDni = (await api('GET', `/admin/staff?q=${people[0]!.dni}`)).json();
    expect(byDni.items.map((p: { id: number }) => p.id)).toEqual([people[0]!.id]);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api('GET', `/admin/staff?q=zen%C3%B3n&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...body.items.map((p: { lastName: string }) => p.lastName));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await api('GET', '/admin/staff?cursor=basura')).statusCode).toBe(400);
  });
});

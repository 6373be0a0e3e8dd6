import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildCategory, buildUser } from '../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';

describeEachDialect('admin API: categories', (dialect) => {
  let t: TestApp;
  let admin: LoggedInHeaders;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = await loginAs(t, await buildUser(t.database, { role: 'admin' }));
    await buildCategory(t.database, { name: 'Otros', sortOrder: 0, isOther: true });
    await buildCategory(t.database, { name: 'Impresoras', sortOrder: 10 });
    await buildCategory(t.database, { name: 'Correo', sortOrder: 20 });
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url: `/api/v1${url}`, payload, headers: admin.headers });
  const publicNames = async () => (await t.app.inject({ url: '/api/v1/categories' })).json().map((c: { name: string }) => c.name);

  it('adds a category at the end, numbered right after the highest, still before "Otros"', async () => {
    const res = await api('POST', '/admin/categories', { name: 'Internet' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Internet', sortOrder: 21, isOther: false, active: true });
    expect(await publicNames()).toEqual(['Impresoras', 'Correo', 'Internet', 'Otros']);
  });

  it('reorders categories and keeps "Otros" last whatever its order', async () => {
    const all = (await api('GET', '/admin/categories')).json() as { id: number; name: string }[];
    const correo = all.find((c) => c.name === 'Correo')!;
    const otros = all.find((c) => c.name === 'Otros')!;
    expect((await api('PATCH', `/admin/categories/${correo.id}`, { sortOrder: 1 })).json().sortOrder).toBe(1);
    await api('PATCH', `/admin/categories/${otros.id}`, { sortOrder: 0 });
    expect(await publicNames()).toEqual(['Correo', 'Impresoras', 'Internet', 'Otros']);
  });

  it('deactivates a category instead of deleting it; admins still see it', async () => {
    const c = await buildCategory(t.database, { name: 'Fax', sortOrder: 40 });
    const res = await api('PATCH', `/admin/categories/${c.id}`, { active: false });
    expect(res.json().active).toBe(false);
    expect(await publicNames()).not.toContain('Fax');
    expect((await api('GET', '/admin/categories')).json().map((x: { name: string }) => x.name)).toContain('Fax');
  });

  it('refuses a duplicate name with 409 and an empty one with 422', async () => {
    const dup = await api('POST', '/admin/categories', { name: 'Impresoras' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CATEGORY_NAME_TAKEN');
    const blank = await api('POST', '/admin/categories', { name: '   ' });
    expect(blank.statusCode).toBe(422);
    const c = (await api('POST', '/admin/categories', { name: 'Telefonía' })).json();
    expect((await api('PATCH', `/admin/categories/${c.id}`, { name: 'Correo' })).statusCode).toBe(409);
  });

  it('refuses a category whose name differs from another only by case or accents', async () => {
    expect((await api('POST', '/admin/categories', { name: 'Telefonía fija' })).statusCode).toBe(201);
    for (const name of ['telefonía fija', 'TELEFONÍA FIJA', 'Telefonia fija', ' telefonía  fija ']) {
      const res = await api('POST', '/admin/categories', { name });
      expect(res.statusCode, name).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'CATEGORY_NAME_TAKEN', fields: { name: expect.any(String) } });
    }
    const impresoras = ((await api('GET', '/admin/categories')).json() as { id: number; name: string }[]).find((c) => c.name === 'Impresoras')!;
    expect((await api('PATCH', `/admin/categories/${impresoras.id}`, { name: 'telefonia FIJA' })).statusCode).toBe(409);
    // Renaming a category to another case of its own name is allowed.
    expect((await api('PATCH', `/admin/categories/${impresoras.id}`, { name: 'IMPRESORAS' })).json().name).toBe('IMPRESORAS');
    expect((await api('PATCH', `/admin/categories/${impresoras.id}`, { name: 'Impresoras' })).statusCode).toBe(200);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../../../test/helpers/app';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../../../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../../../test/helpers/auth';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachDialect('admin pages', (dialect) => {
  let t: TestApp;
  let admin: LoggedInHeaders;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = await loginAs(t, await buildUser(t.database, { role: 'admin', fullName: 'Ada Admin' }));
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ url, headers: { cookie: admin.cookie } });
  const post = (url: string, fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, payload: new URLSearchParams({ _csrf: admin.csrfToken, ...fields }).toString(), headers: { ...FORM, cookie: admin.cookie } });

  it('shows the office tree and creates, edits and deactivates offices through forms', async () => {
    const created = await post('/staff/admin/offices', { name: 'Gerencia de Prueba', code: 'GP', parentId: '' });
    expect(created.statusCode).toBe(303);
    const parent = await t.database.db.selectFrom('offices').select('id').where('code', '=', 'GP').executeTakeFirstOrThrow();
    expect((await post('/staff/admin/offices', { name: 'Sub oficina', code: '', parentId: String(parent.id) })).statusCode).toBe(303);
    const list = await get(created.headers.location as string);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Se creó «Gerencia de Prueba».');
    expect(list.body).toMatch(/class="office-depth-1"><span aria-hidden="true" class="office-branch">└ <\/span><span title="Gerencia de Prueba › Sub oficina">Sub oficina<\/span>/);

    const dup = await post('/staff/admin/offices', { name: 'Otra', code: 'GP', parentId: '' });
    expect(dup.statusCode).toBe(409);
    expect(dup.body).toContain('Otra oficina ya usa este código.');
    expect(dup.body).toContain('value="Otra"');

    const child = await t.database.db.selectFrom('offices').select('id').where('name', '=', 'Sub oficina').executeTakeFirstOrThrow();
    const cycle = await post(`/staff/admin/offices/${parent.id}`, { name: 'Gerencia de Prueba', code: 'GP', parentId: String(child.id), active: '1' });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.body).toContain('No puede depender de sí misma');
    const off = await post(`/staff/admin/offices/${child.id}`, { name: 'Sub oficina', code: '', parentId: String(parent.id) });
    expect(off.statusCode).toBe(303);
    const row = await t.database.db.selectFrom('offices').select('active').where('id', '=', child.id).executeTakeFirstOrThrow();
    expect(Number(row.active)).toBe(0);
    expect((await get('/staff/admin/offices/999999')).statusCode).toBe(404);
  });

  it('lists, searches, adds and edits people, and offers the CSV import', async () => {
    const office = await buildOffice(t.database, { name: 'Mesa de Partes' });
    const p = await buildStaff(t.database, { firstName: 'Teodoro', lastName: 'Ccama Apaza', officeId: office.id });
    const found = await get('/staff/admin/staff?q=ccama');
    expect(found.body).toContain(p.dni);
    expect(found.body).toContain('Mesa de Partes');
    expect(found.body).toContain('id="staff-import"');
    expect(found.body).toMatch(/<script src="\/assets\/js\/staff-import\.js\?v=[0-9a-f]+" defer/);

    const bad = await post('/staff/admin/staff', { dni: '12', firstName: '', lastName: 'X', phone: '', officeId: String(office.id), year: '2026' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('El DNI debe tener exactamente 8 dígitos.');
    const ok = await post('/staff/admin/staff', { dni: '47000001', firstName: 'Nilda', lastName: 'Paucar', phone: '', officeId: String(office.id), year: '2026' });
    expect(ok.statusCode).toBe(303);

    const edit = await get(`/staff/admin/staff/${p.id}`);
    expect(edit.body).toContain('value="Teodoro"');
    expect((await post(`/staff/admin/staff/${p.id}`, { firstName: 'Teodoro', lastName: 'Ccama Apaza', phone: '987000111', active: '1' })).statusCode).toBe(303);
    const other = await buildOffice(t.database, { name: 'Tesorería Central' });
    expect((await post(`/staff/admin/staff/${p.id}/offices`, { year: '2030', officeId: String(other.id) })).statusCode).toBe(303);
    const after = await get(`/staff/admin/staff/${p.id}?done=saved`);
    expect(after.body).toContain('987000111');
    expect(after.body).toMatch(/<td>2030<\/td><td>Tesorería Central<\/td>/);
  });

  it('adds, reorders and deactivates categories through forms', async () => {
    await buildCategory(t.database, { name: 'Otros', isOther: true, sortOrder: 0 });
    expect((await post('/staff/admin/categories', { name: 'Proyectores', sortOrder: '' })).statusCode).toBe(303);
    const page = await get('/staff/admin/categories');
    expect(page.body.indexOf('Proyectores')).toBeLessThan(page.body.indexOf('>Otros<'));
    expect(page.body).toContain('siempre al final');
    const c = await t.database.db.selectFrom('categories').select('id').where('name', '=', 'Proyectores').executeTakeFirstOrThrow();
    expect((await post(`/staff/admin/categories/${c.id}`, { name: 'Proyectores', sortOrder: 'abc', active: '1' })).statusCode).toBe(422);
    expect((await post(`/staff/admin/categories/${c.id}`, { name: 'Proyectores y pantallas', sortOrder: '5' })).statusCode).toBe(303);
    const row = await t.database.db.selectFrom('categories').select(['name', 'sort_order', 'active']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Proyectores y pantallas', sort_order: 5 });
    expect(Number(row.active)).toBe(0);
  });

  it('creates accounts, edits them, resets a password and explains the last-admin rule', async () => {
    const created = await post('/staff/admin/users', { username: 'nuevo.tecnico', fullName: 'Nuevo Técnico', password: 'clave-inicial-9', role: 'technician', onDuty: '1' });
    expect(created.statusCode).toBe(303);
    const list = await get('/staff/admin/users');
    expect(list.body).toContain('nuevo.tecnico');
    expect(list.body).toContain('(usted)');
    const taken = await post('/staff/admin/users', { username: 'nuevo.tecnico', fullName: 'X', password: 'clave-inicial-9', role: 'technician' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('Este nombre de usuario ya está en uso.');

    const u = await t.database.db.selectFrom('users').select('id').where('username', '=', 'nuevo.tecnico').executeTakeFirstOrThrow();
    expect((await post(`/staff/admin/users/${u.id}`, { fullName: 'Nuevo Técnico', role: 'technician', active: '1' })).statusCode).toBe(303);
    const row = await t.database.db.selectFrom('users').select('on_duty').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(Number(row.on_duty)).toBe(0);
    const reset = await post(`/staff/admin/users/${u.id}/password`, { password: 'otra-clave-99' });
    expect(reset.statusCode).toBe(303);
    expect((await get(reset.headers.location as string)).body).toContain('Contraseña restablecida');
    await loginAs(t, { username: 'nuevo.tecnico', password: 'otra-clave-99' });

    // Only one active admin: stepping down is refused with a clear message.
    const me = (await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: admin.cookie } })).json().user;
    const demote = await post(`/staff/admin/users/${me.id}`, { fullName: 'Ada Admin', role: 'technician', active: '1' });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain('Debe quedar al menos un administrador activo');
  });

  it('answers 403 with a page to a technician, and 404 for unknown records', async () => {
    const tech = await loginAs(t, await buildUser(t.database));
    for (const url of ['/staff/admin/offices', '/staff/admin/staff', '/staff/admin/categories', '/staff/admin/users']) {
      const res = await t.app.inject({ url, headers: { cookie: tech.cookie } });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('No tiene permiso para esta acción.');
    }
    expect((await get('/staff/admin/users/999999')).statusCode).toBe(404);
    expect((await get('/staff/admin/staff/abc')).statusCode).toBe(404);
  });
});

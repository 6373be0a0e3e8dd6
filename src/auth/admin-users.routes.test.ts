import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildUser } from '../../test/helpers/factories';
import { loginAs, type LoggedInHeaders } from '../../test/helpers/auth';

describeEachDialect('admin API: users', (dialect) => {
  let t: TestApp;
  let admin: LoggedInHeaders;
  let adminId: number;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const a = await buildUser(t.database, { role: 'admin', username: 'jefa' });
    adminId = a.id;
    admin = await loginAs(t, a);
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = admin.headers) => t.app.inject({ method, url: `/api/v1${url}`, payload, headers });

  it('creates a technician (on duty by default) who can then sign in', async () => {
    const res = await api('POST', '/admin/users', { username: 'LQuispe', password: 'clave-inicial-1', fullName: 'Luis Quispe', role: 'technician' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'lquispe', fullName: 'Luis Quispe', role: 'technician', active: true, onDuty: true, telegramLinked: false });
    expect(res.body).not.toContain('scrypt');
    await loginAs(t, { username: 'lquispe', password: 'clave-inicial-1' });
    const off = await api('POST', '/admin/users', { username: 'apoyo', password: 'clave-inicial-1', fullName: 'Apoyo', role: 'technician', onDuty: false });
    expect(off.json().onDuty).toBe(false);
    const list = (await api('GET', '/admin/users')).json();
    expect(list.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['jefa', 'lquispe', 'apoyo']));
    expect(JSON.stringify(list)).not.toContain('password');
  });

  it('refuses a taken username (409), a bad username and a short password (422)', async () => {
    await api('POST', '/admin/users', { username: 'rmamani', password: 'clave-inicial-1', fullName: 'Rosa', role: 'technician' });
    const dup = await api('POST', '/admin/users', { username: 'RMAMANI', password: 'clave-inicial-1', fullName: 'Otra Rosa', role: 'technician' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('USERNAME_TAKEN');
    expect((await api('POST', '/admin/users', { username: 'con espacio', password: 'clave-inicial-1', fullName: 'X', role: 'technician' })).statusCode).toBe(422);
    expect((await api('POST', '/admin/users', { username: 'corta', password: 'corta', fullName: 'X', role: 'technician' })).statusCode).toBe(422);
    expect((await api('POST', '/admin/users', { username: 'rol', password: 'clave-inicial-1', fullName: 'X', role: 'root' })).statusCode).toBe(422);
  });

  it('changes role, duty and name, and deactivating ends the user’s sessions', async () => {
    const u = await buildUser(t.database);
    const s = await loginAs(t, u);
    const changed = await api('PATCH', `/admin/users/${u.id}`, { fullName: 'Nombre Nuevo', onDuty: false, role: 'admin' });
    expect(changed.json()).toMatchObject({ fullName: 'Nombre Nuevo', onDuty: false, role: 'admin' });
    const off = await api('PATCH', `/admin/users/${u.id}`, { active: false });
    expect(off.json().active).toBe(false);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    const rows = await t.database.db.selectFrom('users').select('id').where('id', '=', u.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('never leaves the system without an active admin', async () => {
    // Make "jefa" the only active admin.
    await t.database.db.updateTable('users').set({ active: 0 }).where('role', '=', 'admin').where('id', '<>', adminId).execute();
    const demote = await api('PATCH', `/admin/users/${adminId}`, { role: 'technician' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('LAST_ADMIN');
    expect((await api('PATCH', `/admin/users/${adminId}`, { active: false })).statusCode).toBe(409);
    // With a second admin, stepping down is allowed.
    await api('POST', '/admin/users', { username: 'segunda', password: 'clave-inicial-1', fullName: 'Segunda Admin', role: 'admin' });
    expect((await api('PATCH', `/admin/users/${adminId}`, { onDuty: true })).statusCode).toBe(200);
    const other = await loginAs(t, { username: 'segunda', password: 'clave-inicial-1' });
    const down = await api('PATCH', `/admin/users/${adminId}`, { role: 'technician' }, other.headers);
    expect(down.statusCode).toBe(200);
    // Restore for other tests.
    await api('PATCH', `/admin/users/${adminId}`, { role: 'admin' }, other.headers);
  });

  it('resets a password: the old one stops working and the user’s sessions end', async () => {
    const u = await buildUser(t.database);
    const s = await loginAs(t, u);
    const short = await api('POST', `/admin/users/${u.id}/password`, { password: 'corta' });
    expect(short.statusCode).toBe(422);
    const res = await api('POST', `/admin/users/${u.id}/password`, { password: 'restablecida-1' });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    await expect(loginAs(t, u)).rejects.toThrow(/401/);
    await loginAs(t, { username: u.username, password: 'restablecida-1' });
    expect((await api('POST', '/admin/users/999999/password', { password: 'restablecida-1' })).statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../../../test/helpers/app';
import { buildUser } from '../../../../test/helpers/factories';
import { cookieFrom, loginAs } from '../../../../test/helpers/auth';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachDialect('sign-in and profile pages', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  /** GET /login, then the form's token and its cookie, as a browser would have them. */
  async function openLogin(next = '') {
    const res = await t.app.inject({ url: `/login${next ? `?next=${encodeURIComponent(next)}` : ''}` });
    expect(res.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(res.body)![1]!;
    const cookie = cookieFrom(res.headers['set-cookie'], 'itims_login_csrf')!;
    return { html: res.body, csrf, cookie };
  }

  it('shows a labelled login form in Spanish', async () => {
    const { html } = await openLogin();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('Iniciar sesión');
    expect(html).toMatch(/<label class="form-label" for="username">Usuario<\/label>/);
    expect(html).toMatch(/<label class="form-label" for="password">Contraseña<\/label>/);
  });

  it('signs in through the form and goes back to the page asked for', async () => {
    const u = await buildUser(t.database);
    const { csrf, cookie } = await openLogin('/staff/profile');
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: form({ username: u.username, password: u.password, _csrf: csrf, next: '/staff/profile' }),
      headers: { ...FORM, cookie },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/staff/profile');
    const session = cookieFrom(res.headers['set-cookie'], 'itims_session')!;
    const profile = await t.app.inject({ url: '/staff/profile', headers: { cookie: session } });
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('Mi perfil');
  });

  it('ignores a next that leaves the site', async () => {
    const u = await buildUser(t.database);
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const { csrf, cookie } = await openLogin();
      const res = await t.app.inject({
        method: 'POST',
        url: '/login',
        payload: form({ username: u.username, password: u.password, _csrf: csrf, next }),
        headers: { ...FORM, cookie },
      });
      expect(res.headers.location).toBe('/staff');
    }
  });

  it('shows the error on the form for a wrong password and for a form without its token', async () => {
    const u = await buildUser(t.database);
    const { csrf, cookie } = await openLogin();
    const wrong = await t.app.inject({ method: 'POST', url: '/login', payload: form({ username: u.username, password: 'mala', _csrf: csrf }), headers: { ...FORM, cookie } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Usuario o contraseña incorrectos.');
    expect(wrong.body).toContain(`value="${u.username}"`);
    const forged = await t.app.inject({ method: 'POST', url: '/login', payload: form({ username: u.username, password: u.password }), headers: FORM });
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['set-cookie']).not.toMatch(/itims_session=[^;]/);
  });

  it('sends an anonymous visitor of a staff page to the login page, and back afterwards', async () => {
    const res = await t.app.inject({ url: '/staff/profile' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fstaff%2Fprofile');
    const staff = await t.app.inject({ url: '/staff' });
    expect(staff.headers.location).toBe('/login?next=%2Fstaff');
  });

  it('sends a signed-in user from /staff to the queue and from /login onwards', async () => {
    const s = await loginAs(t, await buildUser(t.database));
    const res = await t.app.inject({ url: '/staff', headers: { cookie: s.cookie } });
    expect(res.headers.location).toBe('/staff/queue');
    const login = await t.app.inject({ url: '/login?next=/staff/mine', headers: { cookie: s.cookie } });
    expect(login.headers.location).toBe('/staff/mine');
  });

  it('logs out with the form (and refuses a logout without the form token)', async () => {
    const s = await loginAs(t, await buildUser(t.database));
    const forged = await t.app.inject({ method: 'POST', url: '/logout', payload: '', headers: { ...FORM, cookie: s.cookie, accept: 'text/html' } });
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['content-type']).toMatch(/text\/html/);
    const out = await t.app.inject({ method: 'POST', url: '/logout', payload: form({ _csrf: s.csrfToken }), headers: { ...FORM, cookie: s.cookie } });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login?out=1');
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('shows the staff navigation, with the administration links only to admins', async () => {
    const tech = await loginAs(t, await buildUser(t.database, { role: 'technician', fullName: 'Rosa Quispe' }));
    const page = (await t.app.inject({ url: '/staff/profile', headers: { cookie: tech.cookie } })).body;
    for (const href of ['/staff/queue', '/staff/mine', '/staff/tickets', '/staff/profile']) expect(page).toContain(`href="${href}"`);
    expect(page).not.toContain('href="/staff/admin/offices"');
    expect(page).toContain('Sesión de Rosa Quispe');
    expect(page).toContain(`name="_csrf" value="${tech.csrfToken}"`);
    const admin = await loginAs(t, await buildUser(t.database, { role: 'admin' }));
    const adminPage = (await t.app.inject({ url: '/staff/profile', headers: { cookie: admin.cookie } })).body;
    for (const href of [
      '/staff/admin/offices',
      '/staff/admin/staff',
      '/staff/admin/categories',
      '/staff/admin/users',
      '/staff/admin/faqs',
      '/staff/admin/assistant',
      '/staff/admin/jobs',
      '/staff/dashboards',
    ]) {
      expect(adminPage).toContain(`href="${href}"`);
    }
  });

  it('changes the password from the profile form', async () => {
    const u = await buildUser(t.database);
    const s = await loginAs(t, u);
    const post = (fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/staff/profile/password', payload: form({ _csrf: s.csrfToken, ...fields }), headers: { ...FORM, cookie: s.cookie } });
    const mismatch = await post({ currentPassword: u.password, newPassword: 'nueva-clave-1', confirmPassword: 'nueva-clave-2' });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain('Las dos contraseñas nuevas no coinciden.');
    const wrong = await post({ currentPassword: 'otra', newPassword: 'nueva-clave-1', confirmPassword: 'nueva-clave-1' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('La contraseña actual no es correcta.');
    const ok = await post({ currentPassword: u.password, newPassword: 'nueva-clave-1', confirmPassword: 'nueva-clave-1' });
    expect(ok.statusCode).toBe(303);
    const after = await t.app.inject({ url: ok.headers.location as string, headers: { cookie: s.cookie } });
    expect(after.body).toContain('Su contraseña se cambió.');
  });

  it('creates an API token from the profile, shows it once, and revokes it', async () => {
    const u = await buildUser(t.database);
    const s = await loginAs(t, u);
    const created = await t.app.inject({ method: 'POST', url: '/staff/profile/tokens', payload: form({ _csrf: s.csrfToken, name: 'Reportes' }), headers: { ...FORM, cookie: s.cookie } });
    // Post/Redirect/Get: the token is shown by the page the browser is sent to, once.
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/staff/profile#tokens-title');
    const once = cookieFrom(created.headers['set-cookie'], 'itims_once_token')!;
    const shown = await t.app.inject({ url: '/staff/profile', headers: { cookie: `${s.cookie}; ${once}` } });
    const token = /value="(itims_[A-Za-z0-9_-]+)"/.exec(shown.body)![1]!;
    expect(String(shown.headers['set-cookie'])).toMatch(/itims_once_token=;.*Expires=Thu, 01 Jan 1970/);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const again = await t.app.inject({ url: '/staff/profile', headers: { cookie: s.cookie } });
    expect(again.body).not.toContain(token);
    expect(again.body).toContain('Reportes');
    const id = /action="\/staff\/profile\/tokens\/(\d+)\/revoke"/.exec(again.body)![1];
    const revoked = await t.app.inject({ method: 'POST', url: `/staff/profile/tokens/${id}/revoke`, payload: form({ _csrf: s.csrfToken }), headers: { ...FORM, cookie: s.cookie } });
    expect(revoked.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../test/helpers/app';
import { buildUser } from '../../test/helpers/factories';
import { bearerToken, cookieFrom, loginAs } from '../../test/helpers/auth';

describeEachDialect('staff sign-in API', (dialect) => {
  let t: TestApp;
  const clock = manualClock();

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, headers: Record<string, string> = {}, ip?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers, remoteAddress: ip });
  const me = (headers: Record<string, string>) => t.app.inject({ url: '/api/v1/auth/me', headers });

  it('signs in with a session cookie and a CSRF token, and answers who is signed in', async () => {
    const u = await buildUser(t.database, { fullName: 'Rosa Quispe', role: 'technician' });
    const res = await login(u.username, u.password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({ id: u.id, username: u.username, fullName: 'Rosa Quispe', role: 'technician' });
    expect(body.csrfToken).toMatch(/^[0-9a-f]{64}$/);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^itims_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);

    const cookie = cookieFrom(res.headers['set-cookie'], 'itims_session')!;
    const who = await me({ cookie });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toEqual({ user: body.user, csrfToken: body.csrfToken });
    // Only the digest of the cookie is stored.
    const rows = await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(cookie).not.toContain(rows[0]!.id);
  });

  it('marks the cookie Secure when the site is served over HTTPS', async () => {
    const https = await startTestApp(dialect, { database: t.database, env: { PUBLIC_BASE_URL: 'https://itims.example.org' } });
    try {
      const u = await buildUser(t.database);
      const res = await https.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u.username, password: u.password } });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await https.close();
    }
  });

  it('refuses a wrong password and an unknown user alike, in Spanish', async () => {
    const u = await buildUser(t.database);
    const wrong = await login(u.username, 'no-es-la-clave');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Usuario o contraseña incorrectos.' });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const unknown = await login('nadie-se-llama-asi', 'no-es-la-clave');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('accepts the username in any case and with surrounding spaces', async () => {
    const u = await buildUser(t.database, { username: 'mlopez' });
    expect((await login(' MLopez ', u.password)).statusCode).toBe(200);
  });

  it('rotates the session at login: a new cookie value, and the old one stops working', async () => {
    const u = await buildUser(t.database);
    const first = await loginAs(t, u);
    const again = await login(u.username, u.password, { cookie: first.cookie });
    const second = cookieFrom(again.headers['set-cookie'], 'itims_session')!;
    expect(second).not.toBe(first.cookie);
    expect((await me({ cookie: first.cookie })).statusCode).toBe(401);
    expect((await me({ cookie: second })).statusCode).toBe(200);
  });

  it('answers 401 without credentials, with a made-up cookie or a made-up token', async () => {
    expect((await me({})).statusCode).toBe(401);
    const fake = await me({ cookie: 'itims_session=inventado' });
    expect(fake.statusCode).toBe(401);
    expect(fake.json().error).toEqual({ code: 'UNAUTHENTICATED', message: 'Debe iniciar sesión.' });
    expect((await me({ authorization: 'Bearer itims_inventado' })).statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated change without the CSRF token and accepts it with the header or the form field', async () => {
    const u = await buildUser(t.database);
    const s = await loginAs(t, u);
    const without = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'x' }, headers: { cookie: s.cookie } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF_INVALID');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'x' }, headers: { cookie: s.cookie, 'x-csrf-token': 'f'.repeat(64) } });
    expect(wrong.statusCode).toBe(403);
    const withHeader = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'cabecera' }, headers: s.headers });
    expect(withHeader.statusCode).toBe(201);
    const withField = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: `name=formulario&_csrf=${s.csrfToken}`,
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(withField.statusCode).toBe(201);
    expect(withField.json().name).toBe('formulario');
    // Reading needs no token.
    expect((await t.app.inject({ url: '/api/v1/auth/tokens', headers: { cookie: s.cookie } })).statusCode).toBe(200);
  });

  it('logs out: the session ends and the cookie is cleared', async () => {
    const u = await buildUser(t.database);
    const s = await loginAs(t, u);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie } })).statusCode).toBe(403);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/itims_session=;/);
    expect((await me({ cookie: s.cookie })).statusCode).toBe(401);
  });

  it('lets a bearer token act without a CSRF token, lists tokens without secrets, and refuses a revoked token', async () => {
    const u = await buildUser(t.database, { role: 'admin' });
    const s = await loginAs(t, u);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'script de reportes' }, headers: s.headers });
    expect(created.statusCode).toBe(201);
    const { id, token, name } = created.json();
    expect(name).toBe('script de reportes');
    expect(token).toMatch(/^itims_[A-Za-z0-9_-]{43}$/);
    const stored = await t.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token.slice(6));

    const bearer = { authorization: `Bearer ${token}` };
    const who = await me(bearer);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toEqual({ user: { id: u.id, username: u.username, fullName: 'Rosa Quispe Mamani', role: 'admin' }, csrfToken: null });
    const viaToken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'otro' }, headers: bearer });
    expect(viaToken.statusCode).toBe(201);

    const list = await t.app.inject({ url: '/api/v1/auth/tokens', headers: bearer });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    const mine = list.json().find((x: { id: number }) => x.id === id);
    expect(mine).toMatchObject({ id, name: 'script de reportes', revokedAt: null });
    expect(Date.parse(mine.lastUsedAt)).toBe(clock());

    // Someone else cannot revoke it.
    const other = await loginAs(t, await buildUser(t.database));
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: other.headers })).statusCode).toBe(404);

    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: s.headers });
    expect(revoke.statusCode).toBe(204);
    expect((await me(bearer)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: s.headers })).statusCode).toBe(404);
    const after = (await t.app.inject({ url: '/api/v1/auth/tokens', headers: s.headers })).json();
    expect(after.find((x: { id: number }) => x.id === id).revokedAt).not.toBeNull();
  });

  it('locks a username from one address after 5 failures for 15 minutes, with a clear message', async () => {
    const u = await buildUser(t.database);
    for (let i = 0; i < 5; i++) {
      const r = await login(u.username, 'equivocada', {}, '10.0.0.5');
      expect(r.statusCode).toBe(401);
      clock.advance(30_000);
    }
    const locked = await login(u.username, u.password, {}, '10.0.0.5');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('LOGIN_LOCKED');
    expect(locked.json().error.message).toBe('Demasiados intentos fallidos. Espere 15 minutos antes de intentar de nuevo.');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    // Another address is not locked out.
    expect((await login(u.username, u.password, {}, '10.0.0.6')).statusCode).toBe(200);
    clock.advance(10 * 60_000);
    const still = await login(u.username, u.password, {}, '10.0.0.5');
    expect(still.statusCode).toBe(429);
    expect(still.json().error.message).toMatch(/Espere 5 minutos/);
    clock.advance(5 * 60_000 + 1000);
    expect((await login(u.username, u.password, {}, '10.0.0.5')).statusCode).toBe(200);
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const u = await buildUser(t.database);
    for (let i = 0; i < 4; i++) await login(u.username, 'equivocada', {}, '10.0.0.7');
    expect((await login(u.username, u.password, {}, '10.0.0.7')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await login(u.username, 'equivocada', {}, '10.0.0.7');
    expect((await login(u.username, u.password, {}, '10.0.0.7')).statusCode).toBe(200);
  });

  it('changes the password: the current one is checked, other sessions end, this one stays', async () => {
    const u = await buildUser(t.database);
    const here = await loginAs(t, u);
    const elsewhere = await loginAs(t, u);
    const token = await bearerToken(t, u);
    const change = (body: object) => t.app.inject({ method: 'POST', url: '/api/v1/me/password', payload: body, headers: here.headers });

    const wrong = await change({ currentPassword: 'no-es-esta', newPassword: 'nueva-clave-2026' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.fields).toEqual({ currentPassword: 'La contraseña actual no es correcta.' });
    const short = await change({ currentPassword: u.password, newPassword: 'corta' });
    expect(short.statusCode).toBe(422);
    expect(short.json().error.fields).toHaveProperty('newPassword');

    expect((await change({ currentPassword: u.password, newPassword: 'nueva-clave-2026' })).statusCode).toBe(204);
    expect((await me({ cookie: here.cookie })).statusCode).toBe(200);
    expect((await me({ cookie: elsewhere.cookie })).statusCode).toBe(401);
    // Personal tokens are revoked one by one, not by a password change.
    expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
    expect((await login(u.username, u.password)).statusCode).toBe(401);
    expect((await login(u.username, 'nueva-clave-2026')).statusCode).toBe(200);
  });

  it('keeps a session alive for 12 hours after the last request, then ends it', async () => {
    const u = await buildUser(t.database);
    const s = await loginAs(t, u);
    clock.advance(11 * 3600_000);
    const renewed = await me({ cookie: s.cookie });
    expect(renewed.statusCode).toBe(200);
    expect(String(renewed.headers['set-cookie'])).toMatch(/itims_session=/);
    clock.advance(11 * 3600_000);
    expect((await me({ cookie: s.cookie })).statusCode).toBe(200);
    clock.advance(12 * 3600_000 + 1);
    expect((await me({ cookie: s.cookie })).statusCode).toBe(401);
  });

  it('gives a deactivated user neither a session nor a token nor a new login', async () => {
    const u = await buildUser(t.database);
    const s = await loginAs(t, u);
    const token = await bearerToken(t, u);
    await t.database.db.updateTable('users').set({ active: 0 }).where('id', '=', u.id).execute();
    expect((await me({ cookie: s.cookie })).statusCode).toBe(401);
    expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(401);
    expect((await login(u.username, u.password)).statusCode).toBe(401);
  });
});

/**
 * The second factor over HTTP: enrolment (`POST /me/totp`, `/me/totp/confirm`), sign-in with a
 * code or a recovery code (each once), throttled wrong codes, replays, `TOTP_REQUIRED_FOR`, the
 * admin reset (audited), and API tokens that keep working without a code.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../../test/helpers/app';
import { buildUser } from '../../../test/helpers/factories';
import { bearerToken, loginAs } from '../../../test/helpers/auth';
import { totpCodeAt } from './totp';

describeEachDialect('two-step sign-in (TOTP)', (dialect) => {
  let t: TestApp;
  const clock = manualClock(Date.parse('2026-12-02T08:00:10Z'));
  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, totp?: string, ip = '10.1.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...(totp !== undefined ? { totp } : {}) }, remoteAddress: ip });

  async function enrol(user: { username: string; password: string }) {
    const s = await loginAs(t, user);
    const start = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: s.headers });
    expect(start.statusCode).toBe(200);
    const { secret, otpauthUrl } = start.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(new RegExp(`^otpauth://totp/.*${user.username}\\?.*secret=${secret}`));
    const confirm = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: totpCodeAt(secret, clock()) }, headers: s.headers });
    expect(confirm.statusCode).toBe(200);
    return { secret, recoveryCodes: confirm.json().recoveryCodes as string[], session: s };
  }

  it('enrols with a confirmed code, then asks for the code at every sign-in', async () => {
    const u = await buildUser(t.database);
    const { secret, recoveryCodes } = await enrol(u);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await t.database.db.selectFrom('totp_recovery_codes').select('code_hash').where('user_id', '=', u.id).execute();
    expect(stored).toHaveLength(10);
    for (const row of stored) expect(recoveryCodes.map((c) => c.replace(/-/g, ''))).not.toContain(row.code_hash);

    const without = await login(u.username, u.password);
    expect(without.statusCode).toBe(401);
    expect(without.json().error).toMatchObject({ code: 'TOTP_REQUIRED', message: expect.stringContaining('código') });
    clock.advance(30_000);
    const ok = await login(u.username, u.password, totpCodeAt(secret, clock()));
    expect(ok.statusCode).toBe(200);
    // The same code again (seen over a shoulder, or sent twice) is a replay.
    const replay = await login(u.username, u.password, totpCodeAt(secret, clock()));
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('TOTP_INVALID');
    // A wrong password never reaches the second factor.
    expect((await login(u.username, 'mala', totpCodeAt(secret, clock() + 30_000))).json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('accepts each recovery code once, typed however', async () => {
    const u = await buildUser(t.database);
    const { recoveryCodes } = await enrol(u);
    const code = recoveryCodes[3]!;
    expect((await login(u.username, u.password, ` ${code.toUpperCase().replace(/-/g, ' ')} `)).statusCode).toBe(200);
    const again = await login(u.username, u.password, code);
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('TOTP_INVALID');
    const s = await loginAs(t, { ...u }).catch(() => null);
    expect(s).toBeNull();
    const left = await t.database.db.selectFrom('totp_recovery_codes').select('id').where('user_id', '=', u.id).where('used_at', 'is', null).execute();
    expect(left).toHaveLength(9);
  });

  it('throttles wrong codes like passwords: the sixth attempt is refused even with the right code', async () => {
    const u = await buildUser(t.database);
    const { secret } = await enrol(u);
    clock.advance(30_000);
    for (let i = 0; i < 5; i++) {
      const wrong = await login(u.username, u.password, String(100000 + i), '10.1.9.9');
      expect(wrong.json().error.code).toBe('TOTP_INVALID');
    }
    const locked = await login(u.username, u.password, totpCodeAt(secret, clock()), '10.1.9.9');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('TOTP_LOCKED');
    expect(locked.headers['retry-after']).toBeDefined();
    clock.advance(16 * 60_000);
    expect((await login(u.username, u.password, totpCodeAt(secret, clock()), '10.1.9.9')).statusCode).toBe(200);
  });

  it('refuses a wrong confirmation code with 422 on code, a second enrolment with 409, and confirm before start with 409', async () => {
    const u = await buildUser(t.database);
    const s = await loginAs(t, u);
    const early = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: '123456' }, headers: s.headers });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('TOTP_NOT_STARTED');
    await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: s.headers });
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: '000000' }, headers: s.headers });
    expect(wrong.statusCode).toBe(422);
    expect(Object.keys(wrong.json().error.fields)).toEqual(['code']);
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: {}, headers: s.headers });
    expect(empty.statusCode).toBe(422);
    // Half-way through enrolment nothing changes at sign-in.
    expect((await login(u.username, u.password)).statusCode).toBe(200);
    const { session } = await enrol({ username: u.username, password: u.password });
    const twice = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: session.headers });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('TOTP_ALREADY_ENROLLED');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/totp' })).statusCode).toBe(401);
  });

  it('lets API tokens work without a code', async () => {
    const u = await buildUser(t.database);
    const token = await bearerToken(t, u);
    await enrol(u);
    const res = await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/queue', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
  });

  it('lets an admin reset a second factor, recorded with who did it; technicians may not', async () => {
    const admin = await buildUser(t.database, { role: 'admin' });
    const u = await buildUser(t.database);
    const { session } = await enrol(u);
    const a = await loginAs(t, admin);
    const byTech = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/users/${u.id}/totp`, headers: session.headers });
    expect(byTech.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/admin/users/999999/totp', headers: a.headers })).statusCode).toBe(404);
    const reset = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/users/${u.id}/totp`, headers: a.headers });
    expect(reset.statusCode).toBe(204);
    expect((await login(u.username, u.password)).statusCode).toBe(200);
    const events = await t.database.db.selectFrom('account_events').select(['type', 'actor_user_id']).where('user_id', '=', u.id).orderBy('id').execute();
    expect(events).toEqual([
      { type: 'totp.enrolled', actor_user_id: u.id },
      { type: 'totp.reset', actor_user_id: admin.id },
    ]);
    const users = (await t.app.inject({ url: '/api/v1/admin/users', headers: a.headers })).json() as { id: number; totpEnabled: boolean; authSource: string }[];
    expect(users.find((x) => x.id === u.id)).toMatchObject({ totpEnabled: false, authSource: 'local' });
  });
});

describeEachDialect('resetting a second factor from the admin page', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('shows the reset form for an enrolled user and records who reset it', async () => {
    const admin = await buildUser(t.database, { role: 'admin' });
    const u = await buildUser(t.database);
    const s = await loginAs(t, u);
    const start = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: s.headers });
    await t.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: totpCodeAt(start.json().secret, Date.now()) }, headers: s.headers });
    const a = await loginAs(t, admin);
    const page = await t.app.inject({ url: `/staff/admin/users/${u.id}`, headers: { cookie: a.cookie } });
    expect(page.body).toContain(`/staff/admin/users/${u.id}/totp/reset`);
    const forged = await t.app.inject({ method: 'POST', url: `/staff/admin/users/${u.id}/totp/reset`, headers: { cookie: a.cookie } });
    expect(forged.statusCode).toBe(403);
    const reset = await t.app.inject({
      method: 'POST',
      url: `/staff/admin/users/${u.id}/totp/reset`,
      payload: `_csrf=${a.csrfToken}`,
      headers: { cookie: a.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reset.statusCode).toBe(303);
    expect(await t.database.db.selectFrom('account_events').select(['type', 'actor_user_id']).where('user_id', '=', u.id).orderBy('id', 'desc').executeTakeFirst()).toEqual({
      type: 'totp.reset',
      actor_user_id: admin.id,
    });
    expect((await t.app.inject({ url: `/staff/admin/users/${u.id}`, headers: { cookie: a.cookie } })).body).not.toContain('/totp/reset');
  });
});

describeEachDialect('TOTP_REQUIRED_FOR', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { TOTP_REQUIRED_FOR: 'admins' } });
  });
  afterAll(() => t.close());

  it('opens only enrolment to an admin without a second factor, and everything once enrolled', async () => {
    const admin = await buildUser(t.database, { role: 'admin' });
    const tech = await buildUser(t.database);
    const s = await loginAs(t, admin);
    const blocked = await t.app.inject({ url: '/api/v1/admin/users', headers: s.headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('TOTP_ENROLMENT_REQUIRED');
    const page = await t.app.inject({ url: '/staff/queue', headers: { cookie: s.cookie } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/staff/profile#totp-title');
    expect((await t.app.inject({ url: '/staff/profile', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    // Technicians are not covered by "admins".
    expect((await t.app.inject({ url: '/api/v1/queue', headers: (await loginAs(t, tech)).headers })).statusCode).toBe(200);

    const start = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: s.headers });
    const confirm = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: totpCodeAt(start.json().secret, Date.now()) }, headers: s.headers });
    expect(confirm.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/admin/users', headers: s.headers })).statusCode).toBe(200);
  });
});

/**
 * TOTP secrets at rest (issue 22): sealed with the installation key (AES-256-GCM) from the first
 * enrolment step, plaintext ones of an earlier release sealed at start-up, and a wrong or missing
 * key answered with a clear 503 (and a start-up line), never a silent "wrong code".
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, TEST_SECRET_KEY, testConfig, type TestApp } from '../../../test/helpers/app';
import { buildUser } from '../../../test/helpers/factories';
import { loginAs } from '../../../test/helpers/auth';
import { newTotpSecret, totpCodeAt } from './totp';
import { sealTotpSecretsAtStart, sealStoredTotpSecrets } from './totp-secrets';

describeEachDialect('TOTP secrets encrypted at rest', (dialect) => {
  let t: TestApp;
  let dir: string;
  const clock = manualClock(Date.parse('2026-12-02T09:00:10Z'));
  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    dir = mkdtempSync(join(tmpdir(), 'itims-key-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = (app: TestApp, u: { username: string; password: string }, totp?: string, ip = '10.2.0.1') =>
    app.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u.username, password: u.password, ...(totp !== undefined ? { totp } : {}) }, remoteAddress: ip });

  const stored = (userId: number) => t.database.db.selectFrom('users').select(['totp_secret', 'totp_pending_secret']).where('id', '=', userId).executeTakeFirstOrThrow();

  /** What an earlier release stored: the Base32 secret itself. */
  async function plaintextEnrolment(userId: number): Promise<string> {
    const secret = newTotpSecret();
    await t.database.db.updateTable('users').set({ totp_secret: secret, totp_enabled_at: clock(), totp_last_step: null }).where('id', '=', userId).execute();
    return secret;
  }

  it('never stores the secret itself: the pending and the confirmed one are sealed, and sign-in works', async () => {
    const u = await buildUser(t.database);
    const s = await loginAs(t, u);
    const start = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: s.headers });
    const { secret } = start.json() as { secret: string };
    const pending = await stored(u.id);
    expect(pending.totp_pending_secret).toMatch(/^v1\.[A-Za-z0-9_-]{80}$/);
    expect(pending.totp_pending_secret).not.toContain(secret);
    // The QR page shows the same secret again (opened from the sealed value).
    const page = await t.app.inject({ url: '/staff/profile/totp', headers: { cookie: s.cookie } });
    expect(page.body.replace(/(<p[^>]*id="totp-secret">)([A-Z2-7 ]+)/, (_, a: string, b: string) => a + b.replace(/ /g, ''))).toContain(`id="totp-secret">${secret}<`);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: totpCodeAt(secret, clock()) }, headers: s.headers })).statusCode).toBe(200);
    const confirmed = await stored(u.id);
    expect(confirmed.totp_pending_secret).toBeNull();
    expect(confirmed.totp_secret).toMatch(/^v1\./);
    expect(confirmed.totp_secret).not.toContain(secret);
    clock.advance(30_000);
    expect((await login(t, u, totpCodeAt(secret, clock()))).statusCode).toBe(200);
  });

  it('seals the plaintext secrets of an earlier release at start-up; sign-in works before and after', async () => {
    const u = await buildUser(t.database);
    const secret = await plaintextEnrolment(u.id);
    const half = await buildUser(t.database);
    const halfSecret = newTotpSecret();
    await t.database.db.updateTable('users').set({ totp_pending_secret: halfSecret }).where('id', '=', half.id).execute();
    clock.advance(30_000);
    // Before the upgrade's sealing (the old release's row as it is).
    expect((await login(t, u, totpCodeAt(secret, clock()))).statusCode).toBe(200);

    const first = await sealTotpSecretsAtStart({ db: t.database.db, secretKey: t.ctx.config.secretKey });
    expect(first.ok).toBe(true);
    expect(first.message).toMatch(/^2 secreto\(s\) TOTP guardados en claro se cifraron con ITIMS_SECRET_KEY\.$/);
    const row = await stored(u.id);
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(row.totp_secret).not.toContain(secret);
    expect((await stored(half.id)).totp_pending_secret).not.toContain(halfSecret);
    // Running again (every start, several instances) changes nothing.
    expect(await sealStoredTotpSecrets({ db: t.database.db, secretKey: t.ctx.config.secretKey })).toMatchObject({ sealed: 0, unreadable: 0 });

    clock.advance(30_000);
    expect((await login(t, u, totpCodeAt(secret, clock()))).statusCode).toBe(200);
    // The half-done enrolment can still be confirmed with the phone that scanned the old QR code.
    const hs = await loginAs(t, half);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: totpCodeAt(halfSecret, clock()) }, headers: hs.headers })).statusCode).toBe(200);
  });

  it('answers a wrong key with 503 SECRET_KEY_WRONG in Spanish, not as a wrong code, and says so at start-up', async () => {
    const u = await buildUser(t.database);
    const secret = await plaintextEnrolment(u.id);
    await sealStoredTotpSecrets({ db: t.database.db, secretKey: t.ctx.config.secretKey });
    const other = await startTestApp(dialect, { database: t.database, clock, env: { ITIMS_SECRET_KEY: 'another-key-of-another-server-0123456789' } });
    try {
      clock.advance(30_000);
      for (let i = 0; i < 6; i++) {
        const res = await login(other, u, totpCodeAt(secret, clock()), '10.2.0.7');
        expect(res.statusCode).toBe(503);
        expect(res.json().error).toMatchObject({ code: 'SECRET_KEY_WRONG', message: expect.stringContaining('clave de cifrado del servidor') });
      }
      const atStart = await sealTotpSecretsAtStart({ db: t.database.db, secretKey: other.ctx.config.secretKey });
      expect(atStart.ok).toBe(false);
      expect(atStart.message).toMatch(/^\d+ segundo\(s\) factor\(es\) no se pueden abrir con la clave de cifrado actual \(ITIMS_SECRET_KEY\)/);
    } finally {
      await other.close();
    }
    // Six refusals for the server's key were no guesses: the right key still lets the person in at once.
    expect((await login(t, u, totpCodeAt(secret, clock()), '10.2.0.7')).statusCode).toBe(200);
  });

  it('does not open a sealed secret copied onto another account', async () => {
    const victim = await buildUser(t.database);
    const secret = await plaintextEnrolment(victim.id);
    await sealStoredTotpSecrets({ db: t.database.db, secretKey: t.ctx.config.secretKey });
    const copied = (await stored(victim.id)).totp_secret;
    const other = await buildUser(t.database);
    await t.database.db.updateTable('users').set({ totp_secret: copied, totp_enabled_at: clock() }).where('id', '=', other.id).execute();
    clock.advance(30_000);
    const res = await login(t, other, totpCodeAt(secret, clock()));
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('SECRET_KEY_WRONG');
  });

  it('without ITIMS_SECRET_KEY, creates an owner-only key file once, and never a new one while sealed secrets exist', async () => {
    const file = join(dir, `${dialect}-nested`, 'secret.key');
    const fileApp = await startTestApp(dialect, { database: t.database, clock, env: { ITIMS_SECRET_KEY: '', ITIMS_SECRET_KEY_FILE: file } });
    try {
      // The database already holds secrets sealed with another key, and this server has no key file.
      const missing = await sealTotpSecretsAtStart({ db: t.database.db, secretKey: fileApp.ctx.config.secretKey });
      expect(missing).toEqual({ ok: false, message: expect.stringContaining(`Falta la clave de cifrado (ITIMS_SECRET_KEY, o el archivo ${file})`) });
      const u = await buildUser(t.database);
      const s = await loginAs(fileApp, u);
      const start = await fileApp.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: s.headers });
      expect(start.statusCode).toBe(503);
      expect(start.json().error).toMatchObject({ code: 'SECRET_KEY_MISSING', message: expect.stringContaining('ITIMS_SECRET_KEY') });
      expect(() => statSync(file)).toThrow();
    } finally {
      await fileApp.close();
    }
  });

  it('on a fresh installation without ITIMS_SECRET_KEY, makes the key file at the first enrolment', async () => {
    const fresh = await startTestApp(dialect, { clock, env: { ITIMS_SECRET_KEY: '', ITIMS_SECRET_KEY_FILE: join(dir, `${dialect}-fresh`, 'secret.key') } });
    const file = fresh.ctx.config.secretKey.file;
    try {
      const u = await buildUser(fresh.database);
      const s = await loginAs(fresh, u);
      const start = await fresh.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: s.headers });
      expect(start.statusCode).toBe(200);
      const { secret } = start.json() as { secret: string };
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await fresh.app.inject({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: totpCodeAt(secret, clock()) }, headers: s.headers })).statusCode).toBe(200);
      clock.advance(30_000);
      expect((await login(fresh, u, totpCodeAt(secret, clock()))).statusCode).toBe(200);
      const row = await fresh.database.db.selectFrom('users').select('totp_secret').where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(row.totp_secret).not.toContain(secret);
    } finally {
      await fresh.close();
    }
  });
});

it('refuses an ITIMS_SECRET_KEY shorter than 32 characters at start-up', () => {
  expect(() => testConfig({}, { ITIMS_SECRET_KEY: 'corta' })).toThrow(/ITIMS_SECRET_KEY debe tener entre 32 y 512 caracteres/);
  expect(testConfig({}, {}).secretKey.value).toBe(TEST_SECRET_KEY);
});

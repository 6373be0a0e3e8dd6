/**
 * Finding 14 of issue 13: a lost admin password can be recovered with `npm run admin:reset-password`
 * on each database, through the same settings (DATABASE_URL) as the server. The real script runs as
 * a child process; the old password, sessions and API tokens stop working, the new one signs in at
 * once (even from an address the lock-out had locked), and ITIMS_ADMIN_PASSWORD is what a later
 * start checks but never applies.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../../test/helpers/app';
import { bearerToken, loginAs } from '../../../test/helpers/auth';
import { ensureAdmin } from './ensure-admin';
import { configuredAdminPasswordState, RECOVERY_PASSWORD_LENGTH } from './recover-admin';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const LOCKED_IP = '203.0.113.90';

function runScript(databaseUrl: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/admin-reset-password.ts', ...args], {
      cwd: ROOT,
      // Empty = unset for the config, so a developer's .env cannot fill it in.
      env: { ...process.env, DATABASE_URL: databaseUrl, ITIMS_ADMIN_PASSWORD: '', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

describeEachDialect('npm run admin:reset-password', (dialect) => {
  let t: TestApp;
  const admin = { id: 0, username: 'admin', password: 'contraseña-perdida-1' };
  beforeAll(async () => {
    t = await startTestApp(dialect);
    await ensureAdmin(t.database.db, admin.password, Date.now());
    admin.id = (await t.database.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => t.close());

  const login = (password: string, ip = '198.51.100.20') => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password }, remoteAddress: ip });
  const me = (headers: Record<string, string>) => t.app.inject({ url: '/api/v1/auth/me', headers });

  it('prints a new strong password, ends the sessions, revokes the tokens and lifts the lock-out', async () => {
    const session = await loginAs(t, admin);
    const token = await bearerToken(t, admin);
    expect((await me(session.headers)).statusCode).toBe(200);
    expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) await login('no-es-la-clave', LOCKED_IP);
    expect((await login(admin.password, LOCKED_IP)).statusCode).toBe(429);
    await t.database.db.updateTable('users').set({ active: 0 }).where('id', '=', admin.id).execute();

    const run = await runScript(t.database.url);
    expect(run.code, run.err).toBe(0);
    const password = run.out.match(/Usuario: admin\s+Contraseña nueva: (\S+)/)?.[1];
    expect(password).toHaveLength(RECOVERY_PASSWORD_LENGTH);
    expect(run.out).toContain('La cuenta admin estaba desactivada: se activó de nuevo.');
    expect(run.out).toMatch(/Sesiones cerradas: [1-9]\d*\. Tokens de API revocados: 1\./);

    expect((await me(session.headers)).statusCode).toBe(401);
    expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(401);
    expect((await login(admin.password)).statusCode).toBe(401);
    expect((await login(password!, LOCKED_IP)).statusCode).toBe(200);
    admin.password = password!;
  }, 60_000);

  if (dialect === 'sqlite') {
    it('takes the password from ITIMS_ADMIN_PASSWORD or the argument (never printing it), and refuses a short one', async () => {
      const fromEnv = await runScript(t.database.url, [], { ITIMS_ADMIN_PASSWORD: 'desde-el-entorno-9' });
      expect(fromEnv.code, fromEnv.err).toBe(0);
      expect(fromEnv.out).toContain('Contraseña del usuario admin cambiada (la de ITIMS_ADMIN_PASSWORD).');
      expect(fromEnv.out).not.toContain('desde-el-entorno-9');
      expect((await login('desde-el-entorno-9')).statusCode).toBe(200);
      expect(await configuredAdminPasswordState({ database: t.database }, 'desde-el-entorno-9')).toBe('matches');

      const fromArg = await runScript(t.database.url, ['elegida-a-mano-7'], { ITIMS_ADMIN_PASSWORD: 'desde-el-entorno-9' });
      expect(fromArg.code, fromArg.err).toBe(0);
      expect(fromArg.out).toContain('(la indicada)');
      expect((await login('elegida-a-mano-7')).statusCode).toBe(200);
      // The environment no longer matches: a start now says it was not applied (src/main.ts, test/main.test.ts).
      expect(await configuredAdminPasswordState({ database: t.database }, 'desde-el-entorno-9')).toBe('differs');

      const short = await runScript(t.database.url, ['corta']);
      expect(short.code).toBe(2);
      expect(short.err).toContain('al menos 8 caracteres');
      expect((await login('elegida-a-mano-7')).statusCode).toBe(200);
    }, 60_000);
  }
});

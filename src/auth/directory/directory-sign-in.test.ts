/**
 * LDAP / Active Directory sign-in against a real OpenLDAP server (Debian's slapd), started
 * privately for this file on free ports: search-then-bind, roles from groups at each sign-in,
 * accounts created on first sign-in and deactivated when the directory says so, TLS (ldaps:// and
 * StartTLS with a configured CA), filter injection, and a directory that is down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../../../test/helpers/app';
import { buildUser } from '../../../test/helpers/factories';
import { loginAs } from '../../../test/helpers/auth';
import { ADMIN_GROUP, LDAP_BASE, LDAP_ROOT_DN, LDAP_ROOT_PASSWORD, TECHNICIAN_GROUP, TOMAS_LDIF, startPrivateSlapd, type PrivateSlapd } from '../../../test/helpers/slapd';
import { loadConfig, type LdapConfig } from '../../config/config';
import { LdapDirectory, DirectoryUnavailable } from './ldap-directory';
import { escapeFilterValue, userFilterFor } from './ldap-filter';
import { checkLdap } from '../../doctor/ldap-check';

let slapd: PrivateSlapd;
beforeAll(async () => {
  slapd = await startPrivateSlapd();
});
afterAll(() => slapd.destroy());

const ldapEnv = (overrides: Record<string, string> = {}) => ({
  LDAP_URL: slapd.url,
  LDAP_BIND_DN: LDAP_ROOT_DN,
  LDAP_BIND_PASSWORD: LDAP_ROOT_PASSWORD,
  LDAP_BASE_DN: LDAP_BASE,
  LDAP_USER_FILTER: '(&(objectClass=inetOrgPerson)(uid={username}))',
  LDAP_ADMIN_GROUP: ADMIN_GROUP,
  LDAP_TECHNICIAN_GROUP: TECHNICIAN_GROUP,
  LDAP_TIMEOUT_MS: '2000',
  ...overrides,
});
const ldapConfig = (overrides: Record<string, string> = {}): LdapConfig => loadConfig(ldapEnv(overrides)).ldap!;

describe('LDAP filter escaping (RFC 4515)', () => {
  it('escapes the characters that could widen a search, in one pass', () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\0')).toBe('a\\5cb\\00');
    expect(userFilterFor('(&(uid={username})(mail={username}))', 'x*')).toBe('(&(uid=x\\2a)(mail=x\\2a))');
    expect(escapeFilterValue('('.repeat(100_000)).length).toBe(300_000);
  });
});

describe('the directory client against a real slapd', () => {
  it('finds a person with the service account and checks the password by binding as them', async () => {
    const directory = new LdapDirectory(ldapConfig());
    const ok = await directory.authenticate('ana.admin', 'ana-pass-1');
    expect(ok).toEqual({ kind: 'ok', person: { dn: `uid=ana.admin,ou=people,${LDAP_BASE}`, fullName: 'Ana Directorio Admin', disabled: false, inAdminGroup: true, inTechnicianGroup: false } });
    expect(await directory.authenticate('ana.admin', 'otra-clave')).toEqual({ kind: 'wrong-password' });
    expect(await directory.authenticate('no.existe', 'x')).toEqual({ kind: 'unknown' });
    // groupOfUniqueNames has no memberOf: the group is asked whether it lists the person.
    const tech = await directory.authenticate('tomas.tec', 'tomas-pass-1');
    expect(tech.kind === 'ok' && tech.person).toMatchObject({ fullName: 'Tomás Técnico', inAdminGroup: false, inTechnicianGroup: true });
  });

  it('never lets a filter injection match someone else', async () => {
    const directory = new LdapDirectory(ldapConfig());
    expect(await directory.authenticate('*)(uid=*', 'ana-pass-1')).toEqual({ kind: 'unknown' });
    expect(await directory.authenticate('*', 'ana-pass-1')).toEqual({ kind: 'unknown' });
    expect(await directory.authenticate('ana*', 'ana-pass-1')).toEqual({ kind: 'unknown' });
    expect(await directory.authenticate('ana.admin)(|(uid=*', 'ana-pass-1')).toEqual({ kind: 'unknown' });
  });

  it('refuses an empty password instead of making an unauthenticated bind', async () => {
    expect(await new LdapDirectory(ldapConfig()).authenticate('ana.admin', '')).toEqual({ kind: 'wrong-password' });
  });

  it('speaks ldaps:// and StartTLS with the configured CA, and refuses a certificate it cannot trust', async () => {
    const overTls = await new LdapDirectory(ldapConfig({ LDAP_URL: slapd.ldapsUrl, LDAP_CA_FILE: slapd.caFile })).authenticate('ana.admin', 'ana-pass-1');
    expect(overTls.kind).toBe('ok');
    const startTls = await new LdapDirectory(ldapConfig({ LDAP_STARTTLS: '1', LDAP_CA_FILE: slapd.caFile })).authenticate('tomas.tec', 'tomas-pass-1');
    expect(startTls.kind).toBe('ok');
    await expect(new LdapDirectory(ldapConfig({ LDAP_URL: slapd.ldapsUrl })).authenticate('ana.admin', 'ana-pass-1')).rejects.toBeInstanceOf(DirectoryUnavailable);
  });

  it('treats a refused service account as a directory that is not available', async () => {
    await expect(new LdapDirectory(ldapConfig({ LDAP_BIND_PASSWORD: 'mala' })).authenticate('ana.admin', 'ana-pass-1')).rejects.toBeInstanceOf(DirectoryUnavailable);
  });
});

describe('npm run doctor: the directory', () => {
  const doctor = (overrides: Record<string, string> = {}) => checkLdap(loadConfig(ldapEnv(overrides)));

  it('reports a directory that answers, accepts the service account and has the base and both groups', async () => {
    const results = await doctor();
    expect(results.map((r) => r.status)).toEqual(['ok']);
    expect(results[0]!.detail).toContain(LDAP_ROOT_DN);
    expect((await doctor({ LDAP_URL: slapd.ldapsUrl, LDAP_CA_FILE: slapd.caFile })).map((r) => r.status)).toEqual(['ok']);
  });

  it('reports a refused service account, an unreachable server or untrusted certificate, a missing base DN and a missing group', async () => {
    const refused = await doctor({ LDAP_BIND_PASSWORD: 'mala' });
    expect(refused).toMatchObject([{ status: 'problem', advice: expect.stringContaining('LDAP_BIND_PASSWORD') }]);
    expect(JSON.stringify(refused)).not.toContain('mala');
    expect(await doctor({ LDAP_URL: 'ldap://127.0.0.1:1' })).toMatchObject([{ status: 'problem', advice: expect.stringContaining('LDAP_URL') }]);
    expect(await doctor({ LDAP_URL: slapd.ldapsUrl })).toMatchObject([{ status: 'problem' }]);
    const base = await doctor({ LDAP_BASE_DN: 'dc=otra,dc=test' });
    expect(base.map((r) => r.status)).toEqual(['ok', 'problem']);
    const group = await doctor({ LDAP_TECHNICIAN_GROUP: `cn=no-existe,ou=groups,${LDAP_BASE}` });
    expect(group.map((r) => r.status)).toEqual(['ok', 'warning']);
    expect(group[1]!.detail).toContain('cn=no-existe');
  });

  it('skips the check when no directory is configured', async () => {
    expect((await checkLdap(loadConfig({}))).map((r) => r.status)).toEqual(['skipped']);
  });
});

describeEachDialect('signing in with the directory', (dialect) => {
  let t: TestApp;
  let localAdmin: { id: number; username: string; password: string };
  beforeAll(async () => {
    t = await startTestApp(dialect, { env: ldapEnv() });
    localAdmin = await buildUser(t.database, { username: 'admin', role: 'admin', password: 'admin-local-123' });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, ip = '10.0.0.1') => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: ip });
  const account = (username: string) =>
    t.database.db.selectFrom('users').select(['id', 'role', 'active', 'auth_source', 'full_name', 'password_hash']).where('username', '=', username).executeTakeFirst();
  const events = async (userId: number) => (await t.database.db.selectFrom('account_events').select('type').where('user_id', '=', userId).orderBy('id').execute()).map((e) => e.type);

  it('creates the account on the first sign-in, with the role of the admin group', async () => {
    const res = await login('Ana.Admin', 'ana-pass-1');
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ username: 'ana.admin', fullName: 'Ana Directorio Admin', role: 'admin' });
    const row = await account('ana.admin');
    expect(row).toMatchObject({ role: 'admin', auth_source: 'ldap' });
    // No local password: the directory's is never copied.
    expect(row!.password_hash).not.toContain('scrypt');
    expect(await events(row!.id)).toEqual(['directory.created']);
  });

  it('gives a member of the technician group the technician role', async () => {
    const res = await login('tomas.tec', 'tomas-pass-1');
    expect(res.statusCode).toBe(200);
    expect(res.json().user.role).toBe('technician');
  });

  it('answers 401 for a wrong directory password and locks after 5 like local passwords', async () => {
    const wrong = await login('tomas.tec', 'mala', '10.0.0.9');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    for (let i = 0; i < 4; i++) await login('tomas.tec', 'mala', '10.0.0.9');
    const locked = await login('tomas.tec', 'tomas-pass-1', '10.0.0.9');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('LOGIN_LOCKED');
  });

  it('refuses a person in no help desk group with a clear 403, and creates no account', async () => {
    const res = await login('nadie', 'nadie-pass-1');
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'DIRECTORY_NO_GROUP', message: expect.stringContaining('grupo') });
    expect(await account('nadie')).toBeUndefined();
  });

  it('refuses filter injection as unknown credentials and creates nobody', async () => {
    const res = await login('*)(uid=*', 'ana-pass-1');
    expect(res.statusCode).toBe(401);
    expect(await t.database.db.selectFrom('users').select('username').where('auth_source', '=', 'ldap').orderBy('username').execute()).toEqual([{ username: 'ana.admin' }, { username: 'tomas.tec' }]);
  });

  it('takes the role from the groups at each sign-in, and deactivates the account when the directory drops it', async () => {
    const tomas = await account('tomas.tec');
    const session = await loginAs(t, { username: 'tomas.tec', password: 'tomas-pass-1' }, { ip: '10.0.1.1' });
    slapd.ldapModify(`dn: ${ADMIN_GROUP}\nchangetype: modify\nadd: member\nmember: uid=tomas.tec,ou=people,${LDAP_BASE}\n`);
    try {
      const promoted = await login('tomas.tec', 'tomas-pass-1', '10.0.1.1');
      expect(promoted.json().user.role).toBe('admin');
    } finally {
      slapd.ldapModify(`dn: ${ADMIN_GROUP}\nchangetype: modify\ndelete: member\nmember: uid=tomas.tec,ou=people,${LDAP_BASE}\n`);
    }
    slapd.ldapModify(`dn: ${TECHNICIAN_GROUP}\nchangetype: modify\ndelete: uniqueMember\nuniqueMember: uid=tomas.tec,ou=people,${LDAP_BASE}\n`);
    try {
      const dropped = await login('tomas.tec', 'tomas-pass-1', '10.0.1.1');
      expect(dropped.statusCode).toBe(403);
      expect((await account('tomas.tec'))!.active).toBe(0);
      // Deactivated: the session it had ends at once.
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: session.headers })).statusCode).toBe(401);
    } finally {
      slapd.ldapModify(`dn: ${TECHNICIAN_GROUP}\nchangetype: modify\nadd: uniqueMember\nuniqueMember: uid=tomas.tec,ou=people,${LDAP_BASE}\n`);
    }
    // Back in the group: the directory let it in again, so the account comes back, as technician.
    const back = await login('tomas.tec', 'tomas-pass-1', '10.0.1.1');
    expect(back.statusCode).toBe(200);
    expect(back.json().user.role).toBe('technician');
    expect(await events(tomas!.id)).toEqual(['directory.created', 'directory.role_changed', 'directory.deactivated', 'directory.reactivated', 'directory.role_changed']);
  });

  it('keeps an account an admin deactivated here deactivated, whatever the directory says', async () => {
    const admin = await loginAs(t, { username: 'admin', password: 'admin-local-123' });
    const ana = await account('ana.admin');
    const off = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${ana!.id}`, payload: { active: false }, headers: admin.headers });
    expect(off.statusCode).toBe(200);
    expect((await login('ana.admin', 'ana-pass-1', '10.0.2.1')).statusCode).toBe(401);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${ana!.id}`, payload: { active: true }, headers: admin.headers });
    expect((await login('ana.admin', 'ana-pass-1', '10.0.2.1')).statusCode).toBe(200);
  });

  it('deactivates the account of a person the directory no longer knows', async () => {
    slapd.ldapModify(`dn: uid=tomas.tec,ou=people,${LDAP_BASE}\nchangetype: delete\n`);
    try {
      const res = await login('tomas.tec', 'tomas-pass-1', '10.0.3.1');
      expect(res.statusCode).toBe(401);
      expect((await account('tomas.tec'))!.active).toBe(0);
    } finally {
      slapd.ldapModify(TOMAS_LDIF, true);
    }
    expect((await login('tomas.tec', 'tomas-pass-1', '10.0.3.1')).statusCode).toBe(200);
  });

  it('refuses a password change for a directory account (it lives in the directory)', async () => {
    const s = await loginAs(t, { username: 'ana.admin', password: 'ana-pass-1' }, { ip: '10.0.4.1' });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: 'ana-pass-1', newPassword: 'otra-clave-larga-1' }, headers: s.headers });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('DIRECTORY_ACCOUNT');
    // The profile page offers no password form to a directory account, and says where to change it.
    const page = await t.app.inject({ url: '/staff/profile', headers: { cookie: s.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="currentPassword"');
    expect(page.body).toContain('contraseña del directorio de la institución');
    const local = await loginAs(t, localAdmin, { ip: '10.0.4.2' });
    const localPage = await t.app.inject({ url: '/staff/profile', headers: { cookie: local.cookie } });
    expect(localPage.body).toContain('name="currentPassword"');
  });

  it('answers 503 DIRECTORY_UNAVAILABLE while the directory is down, without counting it as a failure; the local admin still signs in', async () => {
    await slapd.stop();
    try {
      for (let i = 0; i < 6; i++) {
        const res = await login('ana.admin', 'ana-pass-1', '10.0.5.1');
        expect(res.statusCode).toBe(503);
        expect(res.json().error).toMatchObject({ code: 'DIRECTORY_UNAVAILABLE', message: expect.stringContaining('directorio') });
      }
      const local = await login('admin', 'admin-local-123', '10.0.5.1');
      expect(local.statusCode).toBe(200);
      expect(local.json().user.id).toBe(localAdmin.id);
    } finally {
      await slapd.start();
    }
    // Six refusals while it was down were no guesses: no lock now that it is back.
    expect((await login('ana.admin', 'ana-pass-1', '10.0.5.1')).statusCode).toBe(200);
  });
});

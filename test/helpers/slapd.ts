/**
 * A private OpenLDAP server (Debian's `slapd`) for directory sign-in tests: a generated
 * slapd.conf in a temporary directory, an in-memory-sized MDB database, a self-signed
 * certificate made with openssl (for ldaps:// and StartTLS), listening on free loopback ports.
 * Start it once per test file (a fraction of a second); `stop`/`start` simulate an outage.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './private-db-server';
import { selfSignedCertificate, stopProcess } from './daemons';

export const LDAP_BASE = 'dc=itims,dc=test';
export const LDAP_ROOT_DN = `cn=admin,${LDAP_BASE}`;
export const LDAP_ROOT_PASSWORD = 'root-secret';
export const ADMIN_GROUP = `cn=mesa-admins,ou=groups,${LDAP_BASE}`;
export const TECHNICIAN_GROUP = `cn=mesa-tecnicos,ou=groups,${LDAP_BASE}`;

export interface PrivateSlapd {
  url: string;
  ldapsUrl: string;
  /** PEM of the self-signed certificate (its own CA). */
  caFile: string;
  /** Adds or changes entries (LDIF) as the root DN. */
  ldapModify(ldif: string, add?: boolean): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** People and groups every directory test starts from (passwords are in clear; slapd compares them). */
export const TOMAS_LDIF = `dn: uid=tomas.tec,ou=people,${LDAP_BASE}
objectClass: inetOrgPerson
uid: tomas.tec
cn: Tomás Técnico
sn: Técnico
userPassword: tomas-pass-1
`;

export const BASE_LDIF = `dn: ${LDAP_BASE}
objectClass: dcObject
objectClass: organization
o: ITIMS test
dc: itims

dn: ou=people,${LDAP_BASE}
objectClass: organizationalUnit
ou: people

dn: ou=groups,${LDAP_BASE}
objectClass: organizationalUnit
ou: groups

dn: uid=ana.admin,ou=people,${LDAP_BASE}
objectClass: inetOrgPerson
uid: ana.admin
cn: Ana Admin
sn: Admin
displayName: Ana Directorio Admin
userPassword: ana-pass-1

${TOMAS_LDIF}
dn: uid=nadie,ou=people,${LDAP_BASE}
objectClass: inetOrgPerson
uid: nadie
cn: Nadia Sin Grupo
sn: Sin Grupo
userPassword: nadie-pass-1

dn: ${ADMIN_GROUP}
objectClass: groupOfNames
cn: mesa-admins
member: uid=ana.admin,ou=people,${LDAP_BASE}

dn: ${TECHNICIAN_GROUP}
objectClass: groupOfUniqueNames
cn: mesa-tecnicos
uniqueMember: cn=placeholder,ou=groups,${LDAP_BASE}
uniqueMember: uid=tomas.tec,ou=people,${LDAP_BASE}
`;

export async function startPrivateSlapd(ldif = BASE_LDIF): Promise<PrivateSlapd> {
  const dir = mkdtempSync(join(tmpdir(), 'itims-slapd-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  const [port, tlsPort] = [await freePort(), await freePort()];
  const { cert, key } = selfSignedCertificate(dir, 2);
  const conf = join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile ${join(dir, 'slapd.pid')}
TLSCertificateFile ${cert}
TLSCertificateKeyFile ${key}
database mdb
maxsize 10485760
suffix "${LDAP_BASE}"
rootdn "${LDAP_ROOT_DN}"
rootpw ${LDAP_ROOT_PASSWORD}
directory ${data}
overlay memberof
access to attrs=userPassword by anonymous auth by * none
access to * by * read
`,
  );
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn('/usr/sbin/slapd', ['-f', conf, '-h', `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${tlsPort}/`, '-d', '0'], { stdio: 'ignore' });
    const end = Date.now() + 15_000;
    while (!(await portOpen(port)) || !(await portOpen(tlsPort))) {
      if (proc.exitCode !== null) throw new Error(`slapd terminó con código ${proc.exitCode}`);
      if (Date.now() > end) throw new Error('slapd privado: no respondió en 15 s');
      await new Promise((r) => setTimeout(r, 30));
    }
  };
  const stop = () => stopProcess(proc);
  const url = `ldap://127.0.0.1:${port}`;
  const ldapModify = (changes: string, add = false) => {
    execFileSync('ldapmodify', [...(add ? ['-a'] : []), '-x', '-H', url, '-D', LDAP_ROOT_DN, '-w', LDAP_ROOT_PASSWORD], { input: changes, stdio: ['pipe', 'pipe', 'pipe'] });
  };
  await start();
  ldapModify(ldif, true);
  return {
    url,
    ldapsUrl: `ldaps://127.0.0.1:${tlsPort}`,
    caFile: cert,
    ldapModify,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

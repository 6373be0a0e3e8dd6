/**
 * The one module that talks to the institution's directory (LDAP / Active Directory, through
 * `ldapts`): search-then-bind. The service account (or an anonymous connection) searches for the
 * person with the configured filter; a second connection binds as that person with the typed
 * password; group membership is read from `memberOf` (AD, OpenLDAP's memberof overlay) or, when
 * absent, by asking each configured group whether it lists the person (`member`/`uniqueMember`).
 * A directory that cannot be reached, refuses the service account or answers too slowly is
 * "down": `DirectoryUnavailable`, which the sign-in turns into 503 DIRECTORY_UNAVAILABLE.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, InvalidCredentialsError, NoSuchObjectError, type Entry } from 'ldapts';
import type { LdapConfig } from '../../config/config';
import { escapeFilterValue, sameDn, userFilterFor } from './ldap-filter';

export class DirectoryUnavailable extends Error {
  constructor(cause: unknown) {
    super(`directorio no disponible: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DirectoryUnavailable';
  }
}

export interface DirectoryPerson {
  dn: string;
  fullName: string;
  /** AD's `userAccountControl` ACCOUNTDISABLE bit. */
  disabled: boolean;
  inAdminGroup: boolean;
  inTechnicianGroup: boolean;
}

export type DirectoryAnswer =
  | { kind: 'ok'; person: DirectoryPerson }
  | { kind: 'wrong-password' }
  /** No entry (or more than one) matches the filter: the directory does not know this person. */
  | { kind: 'unknown' };

const ACCOUNTDISABLE = 2;

function text(value: Entry[string] | undefined): string | null {
  if (value === undefined) return null;
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return null;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

function texts(value: Entry[string] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
}

export class LdapDirectory {
  private readonly tls: ConnectionOptions | undefined;

  constructor(private readonly config: LdapConfig) {
    // The CA is read once; a file that disappears later does not take sign-in down mid-day.
    this.tls = config.caFile ? { ca: [readFileSync(config.caFile)] } : undefined;
  }

  private async connect(): Promise<Client> {
    // Fresh option objects each time: ldapts stores the socket it upgrades in the StartTLS options.
    // (ldapts opens TLS at once whenever tlsOptions is given, so only ldaps:// gets them.)
    const ldaps = this.config.url.startsWith('ldaps:');
    const client = new Client({ url: this.config.url, timeout: this.config.timeoutMs, connectTimeout: this.config.timeoutMs, ...(ldaps ? { tlsOptions: { ...this.tls } } : {}) });
    if (this.config.startTls) {
      // The certificate is checked against the host of LDAP_URL (tls.connect would assume "localhost").
      const host = new URL(this.config.url).hostname.replace(/^\[|\]$/g, '');
      await client.startTLS({ ...this.tls, host, ...(isIP(host) ? {} : { servername: host }) });
    }
    return client;
  }

  /**
   * Checks `password` for `username` against the directory. Throws `DirectoryUnavailable` when
   * the directory is down or misconfigured (the service account is refused).
   */
  async authenticate(username: string, password: string): Promise<DirectoryAnswer> {
    // An empty password is an "unauthenticated bind" (RFC 4513 §5.1.2): many servers accept it
    // for any DN, so it must never reach the directory.
    if (!password) return { kind: 'wrong-password' };
    let service: Client | null = null;
    try {
      service = await this.connect();
      if (this.config.bindDn) await service.bind(this.config.bindDn, this.config.bindPassword ?? '');
      const { searchEntries } = await service
        .search(this.config.baseDn, {
          scope: 'sub',
          filter: userFilterFor(this.config.userFilter, username),
          attributes: ['cn', 'displayName', 'memberOf', 'userAccountControl'],
          sizeLimit: 2,
          timeLimit: Math.ceil(this.config.timeoutMs / 1000),
        })
        .catch((err: unknown) => {
          // The base DN does not exist: nobody is there.
          if (err instanceof NoSuchObjectError) return { searchEntries: [] as Entry[] };
          throw err;
        });
      if (searchEntries.length !== 1) return { kind: 'unknown' };
      const entry = searchEntries[0]!;
      if (!(await this.passwordAccepted(entry.dn, password))) return { kind: 'wrong-password' };
      const memberOf = texts(entry.memberOf);
      const inGroup = async (group: string | null) => {
        if (!group) return false;
        if (memberOf.some((g) => sameDn(g, group))) return true;
        return this.groupLists(service!, group, entry.dn);
      };
      const uac = Number(text(entry.userAccountControl) ?? 0);
      return {
        kind: 'ok',
        person: {
          dn: entry.dn,
          fullName: (text(entry.displayName) ?? text(entry.cn) ?? username).slice(0, 120),
          disabled: Number.isFinite(uac) && (uac & ACCOUNTDISABLE) !== 0,
          inAdminGroup: await inGroup(this.config.adminGroup),
          inTechnicianGroup: await inGroup(this.config.technicianGroup),
        },
      };
    } catch (err) {
      if (err instanceof DirectoryUnavailable) throw err;
      throw new DirectoryUnavailable(err);
    } finally {
      await service?.unbind().catch(() => undefined);
    }
  }

  private async passwordAccepted(dn: string, password: string): Promise<boolean> {
    const client = await this.connect();
    try {
      await client.bind(dn, password);
      return true;
    } catch (err) {
      if (err instanceof InvalidCredentialsError) return false;
      throw new DirectoryUnavailable(err);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /** Whether the group entry lists `dn` (groupOfNames / groupOfUniqueNames / AD groups). */
  private async groupLists(service: Client, group: string, dn: string): Promise<boolean> {
    const value = escapeFilterValue(dn);
    try {
      const { searchEntries } = await service.search(group, { scope: 'base', filter: `(|(member=${value})(uniqueMember=${value}))`, attributes: ['dn'] });
      return searchEntries.length > 0;
    } catch (err) {
      if (err instanceof NoSuchObjectError) return false;
      throw err;
    }
  }

  /**
   * For `npm run doctor`: connects (TLS as configured), binds with the service account and looks
   * up the base DN and each configured group. Reads only; changes nothing.
   */
  async check(): Promise<DirectoryCheck> {
    let client: Client | null = null;
    try {
      client = await this.connect();
    } catch (err) {
      return { kind: 'unreachable', message: err instanceof Error ? err.message : String(err) };
    }
    try {
      try {
        if (this.config.bindDn) await client.bind(this.config.bindDn, this.config.bindPassword ?? '');
      } catch (err) {
        if (err instanceof InvalidCredentialsError) return { kind: 'bind-refused' };
        return { kind: 'unreachable', message: err instanceof Error ? err.message : String(err) };
      }
      const exists = async (dn: string) => {
        try {
          return (await client!.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: ['dn'] })).searchEntries.length === 1;
        } catch (err) {
          if (err instanceof NoSuchObjectError) return false;
          throw err;
        }
      };
      const groups = [this.config.adminGroup, this.config.technicianGroup].filter((g): g is string => !!g);
      const missingGroups: string[] = [];
      for (const g of groups) if (!(await exists(g))) missingGroups.push(g);
      return { kind: 'ok', baseFound: await exists(this.config.baseDn), missingGroups };
    } catch (err) {
      return { kind: 'unreachable', message: err instanceof Error ? err.message : String(err) };
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}

export type DirectoryCheck = { kind: 'unreachable'; message: string } | { kind: 'bind-refused' } | { kind: 'ok'; baseFound: boolean; missingGroups: string[] };

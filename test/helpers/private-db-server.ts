/**
 * Private PostgreSQL and MariaDB servers for outage tests: started from the machine's own
 * binaries in a temporary data directory on a spare port, so a test can stop and restart them
 * without touching the shared servers other tests use.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopProcess } from './daemons';

export interface PrivateDbServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: no respondió en ${timeoutMs} ms`);
}

function pgBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort();
  return join('/usr/lib/postgresql', versions[versions.length - 1]!, 'bin', name);
}

/** A PostgreSQL cluster owned by the `postgres` system user, trust auth, on a free port. */
export async function startPrivatePostgres(): Promise<PrivateDbServer> {
  const dir = mkdtempSync(join(tmpdir(), 'itims-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asPostgres = (args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'pipe' });
  asPostgres([pgBin('initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const ready = () => {
    try {
      execFileSync(pgBin('pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']);
      return true;
    } catch {
      return false;
    }
  };
  const start = async () => {
    asPostgres([pgBin('pg_ctl'), '-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(dir, 'log'), '-w', 'start']);
    await waitUntil(ready, 30_000, 'PostgreSQL privado');
  };
  const stop = async () => {
    asPostgres([pgBin('pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop']);
  };
  await start();
  execFileSync('runuser', ['-u', 'postgres', '--', pgBin('createdb'), '-h', '127.0.0.1', '-p', String(port), 'itims']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/itims`,
    start,
    stop,
    async destroy() {
      try {
        await stop();
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A MariaDB server in a temporary data directory on a free port (root, no password). */
export async function startPrivateMariadb(): Promise<PrivateDbServer> {
  const dir = mkdtempSync(join(tmpdir(), 'itims-maria-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const socket = join(dir, 'mysqld.sock');
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'pipe' });
  let proc: ChildProcess | null = null;
  const ping = () => {
    try {
      execFileSync('mariadb-admin', ['-h', '127.0.0.1', '-P', String(port), '-uroot', 'ping'], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  };
  const start = async () => {
    proc = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${port}`,
        `--socket=${socket}`,
        '--bind-address=127.0.0.1',
        '--user=root',
        '--innodb-flush-log-at-trx-commit=2',
        `--pid-file=${join(dir, 'pid')}`,
        '--skip-log-bin',
      ],
      { stdio: 'ignore' },
    );
    await waitUntil(ping, 60_000, 'MariaDB privado');
  };
  const stop = () => stopProcess(proc);
  await start();
  execFileSync('mariadb', ['-h', '127.0.0.1', '-P', String(port), '-uroot', '-e', 'CREATE DATABASE itims CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci'], { stdio: 'pipe' });
  return {
    url: `mysql://root@127.0.0.1:${port}/itims`,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

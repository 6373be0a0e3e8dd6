/**
 * A private nginx (the machine's Debian package) in front of ITIMS, for the reverse-proxy test:
 * deploy/nginx/itims.conf as an administrator installs it, with only its listen ports, upstream
 * port and certificate paths changed, under a temporary prefix (its own pid file, logs and temp
 * folders), on free ports, with a self-signed certificate made by openssl for 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './private-db-server';
import { selfSignedCertificate } from './daemons';

export interface PrivateNginx {
  httpPort: number;
  httpsPort: number;
  /** PEM of the self-signed certificate (the client's trusted CA). */
  certificate: string;
  errorLog(): string;
  stop(): Promise<void>;
}

/** The deployed site file with this test's ports and certificate. */
export function siteForTest(site: string, ports: { http: number; https: number; upstream: number }, cert: string, key: string): string {
  const replaced = site
    .replace(/^\s*listen \[::\]:.*$/gm, '')
    .replace(/listen 80;/, `listen 127.0.0.1:${ports.http};`)
    .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${ports.https} ssl http2;`)
    .replace(/server 127\.0\.0\.1:3000;/, `server 127.0.0.1:${ports.upstream};`)
    .replace(/ssl_certificate\s+\S+;/, `ssl_certificate ${cert};`)
    .replace(/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${key};`);
  for (const expected of [`:${ports.http};`, `:${ports.https} ssl`, `:${ports.upstream};`, cert, key]) {
    if (!replaced.includes(expected)) throw new Error(`deploy/nginx/itims.conf cambió: no se pudo poner ${expected}`);
  }
  return replaced;
}

function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`nginx terminó (${child.exitCode}):\n${log()}`));
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > end) reject(new Error(`nginx no escuchó en ${port}:\n${log()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startPrivateNginx(upstreamPort: number, ports?: { http: number; https: number }): Promise<PrivateNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'itims-nginx-'));
  // The master runs as this user; workers may run as nobody and must reach the temp folders.
  chmodSync(dir, 0o777);
  for (const sub of ['logs', 'temp', 'temp/body', 'temp/proxy', 'temp/fastcgi', 'temp/uwsgi', 'temp/scgi']) {
    mkdirSync(join(dir, sub), { recursive: true });
    chmodSync(join(dir, sub), 0o777);
  }
  const { cert, key } = selfSignedCertificate(dir, 1);
  const http = ports?.http ?? (await freePort());
  const https = ports?.https ?? (await freePort());
  const site = siteForTest(readFileSync('deploy/nginx/itims.conf', 'utf8'), { http, https, upstream: upstreamPort }, cert, key);
  writeFileSync(join(dir, 'itims.conf'), site);
  const errorLog = join(dir, 'logs', 'error.log');
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${errorLog} warn;`,
      'events { worker_connections 512; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      `  access_log ${join(dir, 'logs', 'access.log')};`,
      `  client_body_temp_path ${join(dir, 'temp/body')};`,
      `  proxy_temp_path ${join(dir, 'temp/proxy')};`,
      `  fastcgi_temp_path ${join(dir, 'temp/fastcgi')};`,
      `  uwsgi_temp_path ${join(dir, 'temp/uwsgi')};`,
      `  scgi_temp_path ${join(dir, 'temp/scgi')};`,
      `  include ${join(dir, 'itims.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', errorLog], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  const log = () => {
    try {
      return out + readFileSync(errorLog, 'utf8');
    } catch {
      return out;
    }
  };
  await waitForPort(https, child, log);
  await waitForPort(http, child, log);
  return {
    httpPort: http,
    httpsPort: https,
    certificate: readFileSync(cert, 'utf8'),
    errorLog: log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

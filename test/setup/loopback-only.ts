/**
 * Setup file of every vitest config: a test may open TCP connections to this machine only
 * (127.0.0.0/8, ::1, `localhost`, Unix sockets), where the real databases, slapd, the SMTP server and
 * the Telegram/OpenRouter fakes listen. Any other connection — `fetch` (undici), `http`/`https`,
 * `tls.connect`, a driver's `net.connect` — fails at once with an error naming the host, instead of
 * reaching the internet or waiting for a timeout; and the test that tried it fails in `afterEach`,
 * even when the code under test caught the error (a notification retried later, a health check).
 *
 * Every one of those ends in `net.Socket.prototype.connect` (undici and `tls` included), so that is
 * the one place guarded. A test that means to show the refusal takes the record with
 * `takeRefusedConnections()` (see `test/setup/loopback-only.test.ts`).
 */
import net from 'node:net';
import { afterEach } from 'vitest';

const refused: string[] = [];

/** The connections refused since the last call (and forgets them, so `afterEach` does not fail the test). */
export function takeRefusedConnections(): string[] {
  return refused.splice(0, refused.length);
}

function isLoopback(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) {
    const lower = h.toLowerCase();
    return lower === '::1' || /^(::ffff:|0:0:0:0:0:ffff:)127\./.test(lower) || /^0*(:0*){6}:0*1$/.test(lower);
  }
  return false;
}

interface ConnectTarget {
  path?: string;
  host?: string;
}

/** What `socket.connect(...)` was asked for, in each form Node accepts (net.connect passes its normalised array). */
function targetOf(args: unknown[]): ConnectTarget {
  let first = args[0];
  if (Array.isArray(first)) first = first[0];
  if (first !== null && typeof first === 'object') {
    const options = first as { path?: unknown; host?: unknown };
    if (typeof options.path === 'string') return { path: options.path };
    return { host: typeof options.host === 'string' ? options.host : 'localhost' };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost' };
}

const connect = net.Socket.prototype.connect;
const guarded = function (this: net.Socket, ...args: unknown[]) {
  const target = targetOf(args);
  if (target.path !== undefined || isLoopback(target.host!)) return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  const what = `conexión saliente a ${target.host} bloqueada en las pruebas: solo se permite 127.0.0.1/::1 (servidores de prueba y fakes)`;
  refused.push(target.host!);
  const error = Object.assign(new Error(what), { code: 'ECONNREFUSED' });
  // Fails the way a refused connection does (asynchronously, through 'error'), so callers' own error paths run.
  process.nextTick(() => this.destroy(error));
  return this;
} as typeof net.Socket.prototype.connect;
net.Socket.prototype.connect = guarded;

afterEach(() => {
  const hosts = takeRefusedConnections();
  if (hosts.length > 0) throw new Error(`la prueba intentó conectarse fuera de esta máquina: ${[...new Set(hosts)].join(', ')}`);
});

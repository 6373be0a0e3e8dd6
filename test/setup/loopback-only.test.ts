import { once } from 'node:events';
import { createServer } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeRefusedConnections } from './loopback-only';

// 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed, so without the guard these would hang, not answer.
describe('tests reach this machine only', () => {
  const server = createServer((_req, res) => res.end('ok'));
  let port = 0;
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses fetch to a non-loopback address at once, naming the host', async () => {
    const started = Date.now();
    const error = (await fetch('http://192.0.2.1/').catch((e: unknown) => e)) as Error & { cause?: Error };
    expect(error).toBeInstanceOf(Error);
    expect(String(error.cause?.message)).toContain('conexión saliente a 192.0.2.1 bloqueada');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(takeRefusedConnections()).toEqual(['192.0.2.1']);
  });

  it('refuses a host name, https, tls.connect and net.connect too', async () => {
    const failures = await Promise.all([
      fetch('https://api.telegram.org/bot1:x/getMe').catch((e: unknown) => e),
      new Promise((resolve) => https.get('https://openrouter.ai/api/v1/models', resolve).on('error', resolve)),
      new Promise((resolve) => tls.connect(443, '192.0.2.2', { servername: 'x.example' }).on('error', resolve)),
      new Promise((resolve) => net.connect({ host: '192.0.2.3', port: 5432 }).on('error', resolve)),
      new Promise((resolve) => new net.Socket().connect(3306, '2001:db8::1').on('error', resolve)),
    ]);
    for (const failure of failures) expect(failure).toBeInstanceOf(Error);
    expect(takeRefusedConnections().sort()).toEqual(['192.0.2.2', '192.0.2.3', '2001:db8::1', 'api.telegram.org', 'openrouter.ai']);
  });

  it('lets loopback connections through (IPv4, localhost)', async () => {
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    expect(await (await fetch(`http://localhost:${port}/`)).text()).toBe('ok');
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.destroy();
    expect(takeRefusedConnections()).toEqual([]);
  });
});

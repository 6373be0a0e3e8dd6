/**
 * Finding 9 of issue 13: a `Content-Length: 50000` body sent one byte at a time stayed open for as
 * long as the client liked, and idle sockets were never closed. Raw sockets against a real server
 * (short limits set through the environment): a trickled body gets 408 REQUEST_TIMEOUT in the
 * envelope and the connection is closed; trickled headers and idle sockets are cut by Node's
 * limits; meanwhile every other request is answered.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback, startTestApp, type TestApp } from '../helpers/app';

interface RawClient {
  socket: Socket;
  received(): string;
  /** Resolves when the server closes the connection (ms since connecting). */
  closed: Promise<number>;
}

function rawClient(port: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let data = '';
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - started)));
    socket.on('data', (d) => (data += String(d)));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

/** Writes `text` one byte every `everyMs` until the socket closes or the text runs out. */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
}

const LIMITS = { BODY_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '1500', REQUEST_TIMEOUT_MS: '8000', IDLE_TIMEOUT_MS: '3000', KEEP_ALIVE_TIMEOUT_MS: '500' };

describe('slow and idle clients', () => {
  let t: TestApp;
  let port: number;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { env: LIMITS });
    base = await listenOnLoopback(t);
    port = Number(new URL(base).port);
  });
  afterAll(() => t.close());

  it('answers a body trickled one byte at a time with 408 REQUEST_TIMEOUT and closes the connection', async () => {
    const client = await rawClient(port);
    client.socket.write('POST /api/v1/tickets HTTP/1.1\r\nHost: itims.test\r\nContent-Type: application/json\r\nContent-Length: 50000\r\n\r\n');
    trickle(client.socket, `{"description":"${'x'.repeat(49_980)}"}`, 100);
    // Meanwhile the server answers everyone else at once.
    const health = await fetch(`${base}/api/v1/health`);
    expect(health.status).toBe(200);
    // The client would need 5,000 s to finish; the server cuts it after its 1 s body budget
    // (well before the 8 s whole-request limit).
    const closedAfterMs = await client.closed;
    expect(closedAfterMs).toBeLessThan(5_000);
    const [head, body] = client.received().split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 408 /);
    expect(head!.toLowerCase()).toContain('connection: close');
    const envelope = JSON.parse(body!) as { error: { code: string; message: string } };
    expect(envelope.error.code).toBe('REQUEST_TIMEOUT');
    expect(envelope.error.message).toMatch(/tardó demasiado/);
  });

  it('cuts headers sent one byte at a time', async () => {
    const client = await rawClient(port);
    trickle(client.socket, `GET /api/v1/health HTTP/1.1\r\nHost: itims.test\r\nX-Slow: ${'a'.repeat(500)}\r\n\r\n`, 100);
    const closedAfterMs = await client.closed;
    expect(closedAfterMs).toBeLessThan(10_000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a kept-alive socket that stays idle between requests', async () => {
    const client = await rawClient(port);
    client.socket.write('GET /api/v1/health HTTP/1.1\r\nHost: itims.test\r\nConnection: keep-alive\r\n\r\n');
    const closedAfterMs = await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(client.received().toLowerCase()).toContain('keep-alive: timeout=');
    expect(closedAfterMs).toBeLessThan(10_000);
  });

  it('closes a socket that connects and never sends anything', async () => {
    const client = await rawClient(port);
    const closedAfterMs = await client.closed;
    expect(closedAfterMs).toBeLessThan(10_000);
  });

  it('still reads a normal body sent in a few chunks well within the limit', async () => {
    const client = await rawClient(port);
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'la impresora no imprime' }] });
    client.socket.write(`POST /api/v1/chat HTTP/1.1\r\nHost: itims.test\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`);
    client.socket.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 300));
    client.socket.write(body.slice(10));
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
  });
});

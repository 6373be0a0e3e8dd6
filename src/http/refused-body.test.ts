import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app';
import { DRAIN_REFUSED_BODY_MAX_BYTES } from './refused-body';

/** Writes raw HTTP on one connection and collects everything the server sends until it closes or goes quiet. */
function exchange(port: number, chunks: (string | Buffer)[], quietMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    };
    socket.on('data', (d) => {
      received += d.toString('latin1');
      quiet();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      quiet();
    });
  });
}

describe('a body over the limit', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t?.close());

  it('is answered 413 and the connection stays usable, so a proxy still sending it gets the 413 and not a broken pipe', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 'x');
    const out = await exchange(port, [
      `POST /api/v1/tickets HTTP/1.1\r\nHost: itims.test\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
      'GET /api/v1/health HTTP/1.1\r\nHost: itims.test\r\n\r\n',
    ]);
    const statuses = [...out.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    expect(statuses, out.slice(0, 600)).toEqual([413, 200]);
    expect(out).toContain('"code":"PAYLOAD_TOO_LARGE"');
  });

  it('announced larger than any proxy lets through still closes the connection', async () => {
    const out = await exchange(port, [`POST /api/v1/tickets HTTP/1.1\r\nHost: itims.test\r\nContent-Type: application/json\r\nContent-Length: ${DRAIN_REFUSED_BODY_MAX_BYTES + 1}\r\n\r\n`]);
    expect(out).toMatch(/^HTTP\/1\.1 413/);
    expect(out.toLowerCase()).toContain('connection: close');
  });
});

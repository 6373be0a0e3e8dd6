import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app';
import { DRAIN_REFUSED_BODY_MAX_BYTES } from './refused-body';

/**
 * Writes raw HTTP on one connection and collects what the server sends until `done(received)`
 * says it is complete, the server closes the connection, or 20 s pass.
 */
function exchange(port: number, chunks: (string | Buffer)[], done: (received: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(finish, 20_000);
    socket.on('data', (d) => {
      received += d.toString('latin1');
      if (done(received)) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
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
    const out = await exchange(
      port,
      [
        `POST /api/v1/tickets HTTP/1.1\r\nHost: itims.test\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
        'GET /api/v1/health HTTP/1.1\r\nHost: itims.test\r\n\r\n',
      ],
      (received) => received.includes('"status":"ok"'),
    );
    const statuses = [...out.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    expect(statuses, out.slice(0, 1200)).toEqual([413, 200]);
    expect(out).toContain('"code":"PAYLOAD_TOO_LARGE"');
  });

  it('announced larger than any proxy lets through still closes the connection', async () => {
    const out = await exchange(
      port,
      [`POST /api/v1/tickets HTTP/1.1\r\nHost: itims.test\r\nContent-Type: application/json\r\nContent-Length: ${DRAIN_REFUSED_BODY_MAX_BYTES + 1}\r\n\r\n`],
      (received) => received.includes('PAYLOAD_TOO_LARGE'),
    );
    expect(out).toMatch(/^HTTP\/1\.1 413/);
    expect(out.toLowerCase()).toContain('connection: close');
  });
});

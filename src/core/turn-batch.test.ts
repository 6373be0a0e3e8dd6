import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { afterTurnArrivals } from './turn-batch';

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

/** A route whose handler does synchronous work (as a SQLite read is), then finishes after an await. */
async function appWithLog(batched: boolean) {
  const log: string[] = [];
  app = Fastify({ logger: false });
  app.get<{ Params: { n: string } }>('/r/:n', batched ? { preHandler: afterTurnArrivals } : {}, async (request) => {
    log.push(`read ${request.params.n}`);
    if (request.params.n === 'boom') throw new Error('falla de una sola petición');
    await Promise.resolve();
    log.push(`answer ${request.params.n}`);
    return { n: request.params.n };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { log, base };
}

/**
 * One request on each of several connections, written in the same turn: the server's next poll
 * finds every socket readable at once, as it does under load.
 */
async function together(base: string, paths: string[]): Promise<string[]> {
  const { connect } = await import('node:net');
  const url = new URL(base);
  // The server must have accepted every connection before the requests are written.
  let accepted = 0;
  const allAccepted = new Promise<void>((resolve) =>
    app!.server.on('connection', () => {
      if (++accepted === paths.length) resolve();
    }),
  );
  const sockets = await Promise.all(
    paths.map(
      () =>
        new Promise<import('node:net').Socket>((resolve, reject) => {
          const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
          socket.on('error', reject);
        }),
    ),
  );
  await allAccepted;
  const answers = sockets.map(
    (socket) =>
      new Promise<string>((resolve) => {
        let data = '';
        socket.on('data', (d) => (data += String(d)));
        socket.on('end', () => resolve(data));
      }),
  );
  sockets.forEach((socket, i) => socket.end(`GET ${paths[i]} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
  return Promise.all(answers);
}

it('runs the handlers of requests that arrived together back to back, before any of them answers', async () => {
  const { log, base } = await appWithLog(true);
  const answers = await together(base, ['/r/1', '/r/2', '/r/3']);
  expect(answers.map((a) => a.split('\r\n')[0])).toEqual(Array(3).fill('HTTP/1.1 200 OK'));
  expect(log.slice(0, 3).sort()).toEqual(['read 1', 'read 2', 'read 3']);
  expect(log.slice(3).sort()).toEqual(['answer 1', 'answer 2', 'answer 3']);
});

it('without it, each request is read and answered before the next one is looked at', async () => {
  const { log, base } = await appWithLog(false);
  await together(base, ['/r/1', '/r/2', '/r/3']);
  expect(log.map((l) => l.split(' ')[0])).toEqual(['read', 'answer', 'read', 'answer', 'read', 'answer']);
});

it('answers the others of the turn when one handler fails', async () => {
  const { base } = await appWithLog(true);
  const answers = await together(base, ['/r/1', '/r/boom', '/r/3']);
  expect(answers.map((a) => a.split('\r\n')[0])).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 500 Internal Server Error', 'HTTP/1.1 200 OK']);
  const single = await fetch(`${base}/r/4`);
  expect(await single.json()).toEqual({ n: '4' });
});

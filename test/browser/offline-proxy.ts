/**
 * A small HTTP proxy between Chromium and the app for the offline portal's tests: the browser keeps
 * one origin (service workers and their caches belong to an origin) while the app behind it is
 * swapped for a new release; and it can drop the connection right after the server has answered a
 * filing — the answer lost on a link that went down, which only the idempotency key can survive —
 * or hold an answer for a while (a directory lookup slower than the page waits).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OfflineProxy {
  base: string;
  /** Where requests go (a new release: point it at another app). */
  upstream: string;
  /**
   * Requests matching this are sent to the app and their answers never delivered, until it is set
   * back to null (Chromium retries a request once on a reset connection, so one drop is not enough).
   */
  dropAnswerOf: ((req: IncomingMessage) => boolean) | null;
  /** Requests whose answer is held this many milliseconds before it goes on (a slow server on a slow link). */
  delayAnswerOf: ((req: IncomingMessage) => number) | null;
  /** Requests whose answer was dropped. */
  dropped: string[];
  close(): Promise<void>;
}

export async function startOfflineProxy(upstream: string): Promise<OfflineProxy> {
  const state: OfflineProxy = { base: '', upstream, dropAnswerOf: null, delayAnswerOf: null, dropped: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', state.upstream);
    const drop = state.dropAnswerOf?.(req) ?? false;
    const up = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      if (drop) {
        // Read the whole answer (the server has filed the ticket), then cut the browser off.
        answer.resume();
        answer.on('end', () => {
          state.dropped.push(`${req.method} ${req.url}`);
          req.socket.destroy();
        });
        return;
      }
      const deliver = () => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      };
      const delay = state.delayAnswerOf?.(req) ?? 0;
      if (delay > 0) setTimeout(deliver, delay);
      else deliver();
    });
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { measureRequestRate, type RequestRate } from './request-rate';

let server: Server;
let rate: RequestRate;
let base: string;
beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  rate = measureRequestRate(server, 50);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('reports the arrivals of the last window, and zero once they stop', async () => {
  rate.perSecond(); // start a fresh window
  await new Promise((r) => setTimeout(r, 60));
  rate.perSecond();
  await Promise.all(Array.from({ length: 30 }, () => fetch(base).then((r) => r.text())));
  await new Promise((r) => setTimeout(r, 60));
  const busy = rate.perSecond();
  expect(busy).toBeGreaterThan(30); // 30 requests in a window of a few tenths of a second at most
  await new Promise((r) => setTimeout(r, 60));
  expect(rate.perSecond()).toBe(0);
});

/**
 * JSON answers are compressed for whoever asks: below `syncThreshold` (64 KB, app.ts) in one
 * synchronous call, above it through the stream pipeline. Both paths must give the very bytes
 * of the uncompressed answer, in the encoding the client asked for and no other.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app';
import { bearerToken } from '../../test/helpers/auth';
import { buildTicket, buildUser } from '../../test/helpers/factories';

describe('compressed JSON answers', () => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const tech = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    headers = { authorization: `Bearer ${await bearerToken(t, tech)}` };
    const at = Date.UTC(2026, 10, 2, 14);
    for (let i = 0; i < 60; i++)
      await buildTicket(t.database, { at: at + i * 60_000, description: `La impresora del tercer piso no imprime desde la mañana (${i}); ya la reinicié dos veces y sigue igual.` });
  });
  afterAll(() => t.close());

  const get = (url: string, encoding: string) => t.app.inject({ url, headers: { ...headers, 'accept-encoding': encoding } });

  it.each([
    ['a queue page (between 8 and 64 KB: one synchronous call)', '/api/v1/queue?limit=60', 8_192, 65_536],
    ['the OpenAPI document (over 64 KB: the stream pipeline)', '/api/docs/json', 65_536, Infinity],
  ])('gives %s the same bytes in gzip, brotli and uncompressed', async (_name, url, min, max) => {
    const plain = await get(url, 'identity');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(min);
    expect(plain.rawPayload.length).toBeLessThan(max);
    const gzip = await get(url, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(gunzipSync(gzip.rawPayload).equals(plain.rawPayload)).toBe(true);
    const br = await get(url, 'br, gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
  });
});

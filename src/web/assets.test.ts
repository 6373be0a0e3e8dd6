import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app';
import { asset, BOOTSTRAP_CSS, preferredEncoding } from './assets';

// Assets do not touch the database: one dialect is enough.
describe('assets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(() => t.close());

  const fetchAsset = (url: string, acceptEncoding?: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url, headers: { ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }), ...headers } });

  it('serves a Bootstrap subset that keeps what the templates use and drops the rest', async () => {
    const res = await fetchAsset(asset(BOOTSTRAP_CSS), 'identity');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    const css = res.body;
    for (const used of [
      '.form-control',
      '.btn-primary',
      '.input-group',
      '.card-body',
      '.table-striped',
      '.badge',
      '.text-bg-warning',
      '.alert-danger',
      '.visually-hidden',
      '.col-lg-8',
      '.navbar-nav',
      '[hidden]',
    ]) {
      expect(css, used).toContain(used);
    }
    // Bootstrap's JavaScript components keep the classes they add at run time.
    expect(css).toContain('.modal-backdrop');
    expect(css).toContain('.fade');
    for (const unused of ['.carousel', '.accordion-button', '.ratio-21x9']) expect(css, unused).not.toContain(unused);
    const full = await fetchAsset(asset('vendor/bootstrap/css/bootstrap.min.css'), 'identity');
    expect(full.statusCode).toBe(200);
    expect(full.body).toContain('.carousel');
    expect(css.length).toBeLessThan(full.body.length / 2);
  });

  it('sends precompressed brotli or gzip as the browser accepts, identical once decompressed', async () => {
    for (const path of [asset(BOOTSTRAP_CSS), asset('css/app.css'), asset('js/portal.js')]) {
      const plain = await fetchAsset(path, 'identity');
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      const br = await fetchAsset(path, 'gzip, deflate, br');
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
      const gzip = await fetchAsset(path, 'gzip, deflate');
      expect(gzip.headers['content-encoding'], path).toBe('gzip');
      expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    }
  });

  it('names assets by content hash, caches them for a year and answers 304 to a matching ETag', async () => {
    const url = asset('js/portal.js');
    const hash = /\?v=([0-9a-f]{10})$/.exec(url)?.[1];
    expect(hash).toBeTruthy();
    expect(asset(BOOTSTRAP_CSS)).toMatch(/^\/assets\/vendor\/bootstrap\/css\/bootstrap\.subset\.css\?v=[0-9a-f]{10}$/);
    const res = await fetchAsset(url, 'br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.etag).toBe(`"${hash}"`);
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    const again = await fetchAsset(url, 'br', { 'if-none-match': `"${hash}"` });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('answers 404 for an unknown script or stylesheet', async () => {
    expect((await fetchAsset('/assets/js/nope.js')).statusCode).toBe(404);
    expect((await fetchAsset('/assets/css/nope.css')).statusCode).toBe(404);
  });
});

describe('preferredEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0.5', 'gzip'],
    ['deflate', 'identity'],
    ['*', 'gzip'],
    ['identity', 'identity'],
    [undefined, 'identity'],
  ])('picks the best of %s → %s', (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected);
  });
});

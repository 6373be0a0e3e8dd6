/**
 * Security headers on every kind of answer (page, API, error, 404, static asset): pages get a CSP
 * that allows scripts and styles from ITIMS only (no 'unsafe-inline', no CDN; the portal's one
 * inlined stylesheet by its hash); JSON API answers
 * get one that allows nothing; none may be framed, MIME-sniffed or leak ticket URLs as referrer. The headers are computed once by helmet at start-up
 * (src/http/security-headers.ts); this checks they reach every reply.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../helpers/app';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describeEachDialect('security headers', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('sends the strict page policy on pages, page errors, 404s and assets', async () => {
    const html = await t.app.inject({ method: 'GET', url: '/' });
    const asset = (/(?:src|href)="(\/assets\/[^"]+)"/.exec(html.body) ?? [])[1];
    expect(asset).toBeDefined();
    const answers = {
      page: html,
      pageError: await t.app.inject({ method: 'GET', url: '/t/no-es-un-codigo' }),
      notFound: await t.app.inject({ method: 'GET', url: '/no-existe' }),
      asset: await t.app.inject({ method: 'GET', url: asset!.replace(/&amp;/g, '&') }),
    };
    const inlined = /<style>([\s\S]*?)<\/style>/.exec(html.body)?.[1] ?? '';
    expect(inlined.length).toBeGreaterThan(1000);
    const inlineHash = `'sha256-${createHash('sha256').update(inlined, 'utf8').digest('base64')}'`;
    expect(answers.pageError.statusCode).toBeGreaterThanOrEqual(400);
    expect(answers.pageError.statusCode).toBeLessThan(500);
    expect(answers.notFound.statusCode).toBe(404);
    for (const [kind, res] of Object.entries(answers)) {
      const csp = directives(String(res.headers['content-security-policy'] ?? ''));
      expect(csp.get('script-src'), kind).toEqual(["'self'"]);
      // 'self', and the hash of the one inlined stylesheet the portal's pages carry (web/assets.ts).
      expect(csp.get('style-src'), kind).toEqual(["'self'", inlineHash]);
      expect(csp.get('default-src'), kind).toEqual(["'self'"]);
      expect(csp.get('object-src'), kind).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), kind).toEqual(["'none'"]);
      expect(csp.has('script-src-attr') ? csp.get('script-src-attr') : ["'none'"], kind).toEqual(["'none'"]);
      expect(
        [...csp.values()].flat().some((v) => v.includes('unsafe-inline') || v.includes('unsafe-eval') || v.startsWith('http')),
        kind,
      ).toBe(false);
      expect(res.headers['x-content-type-options'], kind).toBe('nosniff');
      expect(res.headers['x-frame-options'], kind).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy'], kind).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy'], kind).toBe('same-origin');
      // Plain-http intranet: no HSTS, and no upgrade-insecure-requests that would break every asset.
      expect(res.headers['strict-transport-security'], kind).toBeUndefined();
      expect(csp.has('upgrade-insecure-requests'), kind).toBe(false);
    }
  });

  it('sends JSON API answers (and API errors) a policy that allows nothing, and no framing', async () => {
    const answers = {
      api: await t.app.inject({ method: 'GET', url: '/api/v1/health' }),
      validationError: await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: 'x' } }),
      notFound: await t.app.inject({ method: 'GET', url: '/api/v1/tickets/TK-00000000' }),
      unknownRoute: await t.app.inject({ method: 'GET', url: '/api/v1/no-existe' }),
    };
    expect(answers.validationError.statusCode).toBe(422);
    expect(answers.notFound.statusCode).toBe(404);
    expect(answers.unknownRoute.statusCode).toBe(404);
    for (const [kind, res] of Object.entries(answers)) {
      expect(String(res.headers['content-type']), kind).toMatch(/^application\/json/);
      const csp = directives(String(res.headers['content-security-policy'] ?? ''));
      expect(Object.fromEntries(csp), kind).toEqual({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });
      expect(res.headers['x-content-type-options'], kind).toBe('nosniff');
      expect(res.headers['x-frame-options'], kind).toBe('DENY');
      expect(res.headers['referrer-policy'], kind).toBe('no-referrer');
      expect(res.headers['cross-origin-resource-policy'], kind).toBe('same-origin');
      expect(res.headers['strict-transport-security'], kind).toBeUndefined();
    }
    // The API documentation is a page: it keeps a page policy.
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(directives(String(docs.headers['content-security-policy'])).get('default-src')).toEqual(["'self'"]);
  });

  it('adds HSTS and upgrade-insecure-requests when ITIMS is served over https', async () => {
    const secure = await startTestApp(dialect, { env: { PUBLIC_BASE_URL: 'https://itims.example.gob.pe' }, database: t.database });
    try {
      const page = await secure.app.inject({ method: 'GET', url: '/' });
      expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(directives(String(page.headers['content-security-policy'])).has('upgrade-insecure-requests')).toBe(true);
      const api = await secure.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(api.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await secure.close();
    }
  });
});

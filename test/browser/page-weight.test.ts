/**
 * Page weight budget: the portal home must arrive in ≤ 60 KB over the wire (HTML + CSS + JS, as
 * Chromium transfers them, compressed, headers included) — offices reach the server over slow
 * links and old phones. Everything must come from the app's own host.
 */
import { readFileSync } from 'node:fs';
import postcss from 'postcss';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildStaff, buildUser } from '../helpers/factories';
import { loginInBrowser } from '../helpers/auth';
import { asset, BOOTSTRAP_CSS, portalStyle } from '../../src/web/assets';
import { ChromiumSession, recordForeignRequests } from './browser';

const require = createRequire(import.meta.url);

/** Every selector of every style rule (keyframe steps excluded). */
function selectorsOf(css: string): Set<string> {
  const out = new Set<string>();
  postcss.parse(css).walkRules((rule) => {
    if (rule.parent?.type === 'atrule' && /keyframes/.test((rule.parent as { name: string }).name)) return;
    for (const s of rule.selectors) out.add(s.trim());
  });
  return out;
}

/** A selector as it matches at rest: states (hover, focus, checked…) and pseudo-elements dropped. */
const atRest = (selector: string) =>
  selector.replace(
    /::?(before|after|placeholder|selection|marker|file-selector-button|-webkit-[\w-]+|-moz-[\w-]+|hover|focus-visible|focus-within|focus|active|visited|checked|indeterminate|disabled|autofill|invalid|valid|placeholder-shown|read-only|target)\b/g,
    '',
  );

/** Pages to check against the subset: the portal's, and the staff pages that exist. */
const PUBLIC_PAGES = ['/', '/t', '/mis-tickets', '/t/TK-ZZZZZZZZ', '/no-existe', '/login'];
const STAFF_PAGES = [
  '/staff/queue',
  '/staff/mine',
  '/staff/tickets',
  '/staff/profile',
  '/staff/admin/offices',
  '/staff/admin/staff',
  '/staff/admin/categories',
  '/staff/admin/users',
  '/staff/admin/faqs',
  '/staff/admin/assistant',
  '/staff/admin/jobs',
  '/staff/dashboards',
];

const BUDGET_BYTES = 60 * 1024;

/** The dropped selectors (`[as written, as queried at rest]`) that match an element of the page now. */
function matchedOnPage(page: Page, dropped: (readonly [string, string])[]): Promise<string[]> {
  return page.evaluate((list) => {
    const hits: string[] = [];
    for (const [original, query] of list) {
      try {
        if (query.trim() && document.querySelector(query)) hits.push(original);
      } catch {
        // Not a selector the browser can query (vendor syntax): skip it.
      }
    }
    return hits;
  }, dropped);
}

describe('page weight', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    for (const [i, name] of ['Hardware', 'Impresoras', 'Internet y red', 'Correo institucional', 'Software'].entries()) {
      await buildCategory(t.database, { name, sortOrder: i + 1 });
    }
    await buildCategory(t.database, { name: 'Otros', isOther: true });
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  it(`loads the home page in at most ${BUDGET_BYTES / 1024} KB, compressed, from its own host only`, async () => {
    const context = await chromium.context({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const foreign = recordForeignRequests(page, base);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const transfers = new Map<string, { url: string; bytes: number; encoding?: string; type?: string }>();
    cdp.on('Network.responseReceived', (e) => {
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      transfers.set(e.requestId, { url: e.response.url, bytes: 0, encoding: headers['content-encoding'], type: e.type });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const entry = transfers.get(e.requestId);
      // encodedDataLength: bytes received on the wire for this request, headers included.
      if (entry) entry.bytes = e.encodedDataLength;
    });

    await page.goto(`${base}/`, { waitUntil: 'networkidle' });
    await context.close();

    const list = [...transfers.values()].filter((r) => !r.url.startsWith('data:'));
    const total = list.reduce((sum, r) => sum + r.bytes, 0);
    const report = list.map((r) => `${r.type} ${new URL(r.url).pathname} ${r.bytes} B ${r.encoding ?? 'identity'}`).join('\n');
    console.log(`home page: ${total} bytes transferred\n${report}`);

    expect(list.map((r) => r.type).sort()).toEqual(expect.arrayContaining(['Document', 'Script']));
    // Its CSS is inside the page (a stylesheet would hold the first render on a slow link).
    expect(list.filter((r) => r.type === 'Stylesheet')).toEqual([]);
    for (const r of list.filter((x) => x.type === 'Stylesheet' || x.type === 'Script' || x.type === 'Document')) {
      expect(r.encoding, `${r.url} is compressed`).toMatch(/^(br|gzip)$/);
    }
    expect(total).toBeGreaterThan(0);
    expect(total, report).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(foreign).toEqual([]);
  });

  it('serves every staff page, and all it loads (scripts, styles, fetched JSON), compressed', async () => {
    const admin = await buildUser(t.database, { role: 'admin', password: 'clave-segura-123' });
    const person = await buildStaff(t.database);
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: 1, description: 'Una incidencia para pesar las páginas del personal.' } });
    const code = filed.json().code as string;
    const context = await chromium.context({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await loginInBrowser(page, base, { username: admin.username, password: admin.password });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const seen: { url: string; type?: string; encoding: string; size: number; status: number }[] = [];
    const pending = new Map<string, { url: string; type?: string; encoding: string; status: number; mime: string }>();
    cdp.on('Network.responseReceived', (e) => {
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      pending.set(e.requestId, { url: e.response.url, type: e.type, encoding: headers['content-encoding'] ?? 'identity', status: e.response.status, mime: e.response.mimeType });
    });
    cdp.on('Network.dataReceived', (e) => {
      const entry = pending.get(e.requestId) as ({ decoded?: number } & NonNullable<ReturnType<typeof pending.get>>) | undefined;
      if (entry) entry.decoded = (entry.decoded ?? 0) + e.dataLength;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const entry = pending.get(e.requestId) as ({ decoded?: number } & NonNullable<ReturnType<typeof pending.get>>) | undefined;
      if (!entry) return;
      // Text worth compressing: HTML, CSS, JavaScript, JSON, CSV over the compression threshold.
      if (/^(text\/(html|css|csv|plain)|application\/(javascript|json))/.test(entry.mime) && entry.status === 200) {
        seen.push({ url: entry.url, type: entry.type, encoding: entry.encoding, size: entry.decoded ?? 0, status: entry.status });
      }
    });
    for (const path of [...STAFF_PAGES, `/staff/tickets/${code}`]) await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    await context.close();
    const report = seen.map((r) => `${r.type} ${new URL(r.url).pathname} ${r.size} B ${r.encoding}`).join('\n');
    console.log(`staff pages:\n${report}`);
    expect(seen.filter((r) => r.type === 'Document').length).toBeGreaterThanOrEqual(STAFF_PAGES.length);
    expect(seen.some((r) => r.type === 'Stylesheet') && seen.some((r) => r.type === 'Script')).toBe(true);
    // Chromium asks for brotli: gzip is ~20 % heavier (ApexCharts: 164 KB instead of 133 KB).
    const uncompressed = seen.filter((r) => r.size > 512 && r.encoding !== 'br');
    expect(
      uncompressed.map((r) => `${r.type} ${new URL(r.url).pathname} (${r.size} B)`),
      report,
    ).toEqual([]);
  });

  it('renders the portal with no request blocking it: inlined CSS the policy allows, deferred scripts', async () => {
    const context = await chromium.context({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    for (const path of ['/', '/t', '/mis-tickets', '/sin-conexion', '/login']) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      const head = await page.evaluate(() => ({
        stylesheets: document.querySelectorAll('link[rel="stylesheet"]').length,
        blockingScripts: [...document.querySelectorAll('script')].filter((s) => !s.defer && !s.async).length,
        styles: document.querySelectorAll('head style').length,
        navbar: getComputedStyle(document.querySelector('.navbar-itims')!).backgroundColor,
        container: getComputedStyle(document.querySelector('main.container')!).paddingTop,
      }));
      expect(head, path).toEqual({ stylesheets: 0, blockingScripts: 0, styles: 1, navbar: 'rgb(11, 83, 148)', container: '24px' });
    }
    const home = await t.app.inject({ url: '/' });
    expect(home.headers['content-security-policy']).toContain(`style-src 'self' ${portalStyle()!.cspSource}`);
    expect(refused).toEqual([]);
    await context.close();
  });

  it("keeps in the portal's inlined CSS every rule that applies to the portal's pages", async () => {
    const fullCss = readFileSync(require.resolve('bootstrap/dist/css/bootstrap.min.css'), 'utf8');
    const inline = portalStyle()!.css;
    const kept = selectorsOf(inline);
    const dropped = [...selectorsOf(fullCss)].filter((sel) => !kept.has(sel)).map((sel) => [sel, atRest(sel)] as const);
    const person = await buildStaff(t.database);
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: 1, description: 'Una incidencia para el CSS del portal.' } });
    const code = filed.json().code as string;
    const context = await chromium.context({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const missing: string[] = [];
    for (const path of [...PUBLIC_PAGES, '/sin-conexion', `/t/${code}`, `/t/${code}/confirmacion`]) {
      const res = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
      if (!res) continue;
      // Open the assistant: its panel and answers are part of the home page.
      if (path === '/' && (await page.locator('#assistant-open').count())) await page.locator('#assistant-open').click();
      const matched = await matchedOnPage(page, dropped);
      for (const sel of matched) missing.push(`${path}: ${sel}`);
    }
    await context.close();
    expect(missing).toEqual([]);
  });

  it('keeps in the Bootstrap subset every rule that applies to the portal and staff pages', async () => {
    const fullCss = readFileSync(require.resolve('bootstrap/dist/css/bootstrap.min.css'), 'utf8');
    const subsetResponse = await t.app.inject({ url: asset(BOOTSTRAP_CSS) });
    expect(subsetResponse.statusCode).toBe(200);
    expect(subsetResponse.body.length).toBeLessThan(fullCss.length / 2);
    const kept = selectorsOf(subsetResponse.body);
    const dropped = [...selectorsOf(fullCss)].filter((sel) => !kept.has(sel)).map((sel) => [sel, atRest(sel)] as const);

    const admin = await buildUser(t.database, { role: 'admin', password: 'clave-segura-123' });
    const person = await buildStaff(t.database);
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: 1, description: 'Una incidencia para las páginas.' } });
    const code = filed.json().code as string;
    const context = await chromium.context({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const missing: string[] = [];
    const check = async (path: string) => {
      const res = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
      if (!res || res.status() === 404) return;
      // A dropped rule that matches an element of the page would change how it looks.
      const matched = await matchedOnPage(page, dropped);
      for (const sel of matched) missing.push(`${path}: ${sel}`);
    };
    for (const path of [...PUBLIC_PAGES, `/t/${code}`, `/t/${code}/confirmacion`]) await check(path);
    await loginInBrowser(page, base, { username: admin.username, password: admin.password });
    for (const path of [...STAFF_PAGES, `/staff/tickets/${code}`]) await check(path);
    await context.close();
    expect(missing).toEqual([]);
  });
});

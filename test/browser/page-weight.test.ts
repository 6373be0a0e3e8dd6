/**
 * Page weight budget: the portal home must arrive in ≤ 60 KB over the wire (HTML + CSS + JS, as
 * Chromium transfers them, compressed, headers included) — offices reach the server over slow
 * links and old phones. Everything must come from the app's own host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory } from '../helpers/factories';
import { launchBrowser, listen, recordForeignRequests } from './browser';

const BUDGET_BYTES = 60 * 1024;

describe('page weight', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    for (const [i, name] of ['Hardware', 'Impresoras', 'Internet y red', 'Correo institucional', 'Software'].entries()) {
      await buildCategory(t.database, { name, sortOrder: i + 1 });
    }
    await buildCategory(t.database, { name: 'Otros', isOther: true });
    base = await listen(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(`loads the home page in at most ${BUDGET_BYTES / 1024} KB, compressed, from its own host only`, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
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

    expect(list.map((r) => r.type).sort()).toEqual(expect.arrayContaining(['Document', 'Script', 'Stylesheet']));
    for (const r of list.filter((x) => x.type === 'Stylesheet' || x.type === 'Script' || x.type === 'Document')) {
      expect(r.encoding, `${r.url} is compressed`).toMatch(/^(br|gzip)$/);
    }
    expect(total).toBeGreaterThan(0);
    expect(total, report).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(foreign).toEqual([]);
  });
});

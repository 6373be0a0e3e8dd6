/**
 * /api/docs in Chromium under its Content-Security-Policy: the operations render, the console
 * stays clean (Swagger UI's top bar drew its logo with an inline <style> the policy refused),
 * and nothing is fetched from another host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { ChromiumSession } from './browser';

describe('API documentation page', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  it('renders the operations with no CSP violation and nothing from another host', async () => {
    const { page, context, foreign } = await chromium.open({ viewport: { width: 1366, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    const res = await page.goto(`${base}/api/docs`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toMatch(/style-src 'self';/);
    await expect.poll(() => page.locator('.opblock-summary-path').count(), { timeout: 30_000 }).toBeGreaterThan(20);
    expect(await page.locator('.opblock-summary-path', { hasText: '/api/v1/tickets/{code}' }).count()).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await page.screenshot({ path: '/tmp/api-docs.png' });
    await context.close();
  });
});

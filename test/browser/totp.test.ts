/**
 * Two-step verification in real Chromium, at phone (390 px) and desktop (1366 px) widths: a
 * technician turns it on from the profile page (QR code drawn by the server, first code typed),
 * sees the ten recovery codes once, signs out, and signs in again with password + code, then with
 * a recovery code. Pages are checked with axe-core; screenshots go to /tmp/totp-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, startTestApp, type TestApp } from '../helpers/app';
import { buildUser } from '../helpers/factories';
import { loginInBrowser } from '../helpers/auth';
import { ChromiumSession, recordForeignRequests, seriousAxeViolations } from './browser';
import { totpCodeAt } from '../../src/auth/totp/totp';

describe('two-step verification in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  const clock = manualClock(Date.now());

  beforeAll(async () => {
    t = await startTestApp('sqlite', { clock });
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  for (const width of [390, 1366]) {
    it(`enrols from the profile page and signs in with a code, then a recovery code (${width} px)`, async () => {
      const user = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
      const context = await chromium.context({ viewport: { width, height: 900 }, locale: 'es-PE' });
      try {
        const page = await context.newPage();
        const foreign = recordForeignRequests(page, base);
        await loginInBrowser(page, base, user, '/staff/profile');
        await page.click('form[action="/staff/profile/totp"] button[type="submit"]');
        await page.waitForURL((u) => u.pathname === '/staff/profile/totp');
        const qr = page.locator('.totp-qr svg');
        await expect(qr.count()).resolves.toBe(1);
        const box = await qr.boundingBox();
        expect(box!.width).toBeGreaterThan(150);
        expect(box!.x + box!.width).toBeLessThanOrEqual(width);
        const secret = (await page.textContent('#totp-secret'))!.replace(/\s/g, '');
        expect(secret).toMatch(/^[A-Z2-7]{32}$/);
        expect(await seriousAxeViolations(page)).toEqual([]);
        await page.screenshot({ path: `/tmp/totp-enrol-${width}.png`, fullPage: true });

        await page.fill('#code', '000000');
        await page.click('form[action="/staff/profile/totp/confirm"] button[type="submit"]');
        await expect(page.locator('#code.is-invalid').count()).resolves.toBe(1);
        await page.fill('#code', totpCodeAt(secret, clock()));
        await Promise.all([page.waitForURL((u) => u.pathname === '/staff/profile/totp/recovery-codes'), page.click('form[action="/staff/profile/totp/confirm"] button[type="submit"]')]);
        const codes = await page.locator('.recovery-codes li').allTextContents();
        expect(codes).toHaveLength(10);
        await page.screenshot({ path: `/tmp/totp-codes-${width}.png`, fullPage: true });
        // Shown once: a reload goes back to the profile.
        await page.reload();
        expect(new URL(page.url()).pathname).toBe('/staff/profile');
        expect(await page.textContent('#totp-title + p + p, section[aria-labelledby="totp-title"]')).toContain('Le quedan 10 códigos');

        await context.clearCookies();
        clock.advance(30_000);
        await page.goto(`${base}/login?next=/staff/profile`);
        await page.fill('#username', user.username);
        await page.fill('#password', user.password);
        await page.click('form[action="/login"] button[type="submit"]');
        await page.waitForSelector('#totp');
        expect(await seriousAxeViolations(page)).toEqual([]);
        await page.screenshot({ path: `/tmp/totp-login-${width}.png`, fullPage: true });
        await page.fill('#totp', '111111');
        await page.click('form[action="/login"] button[type="submit"]');
        await page.waitForSelector('#totp');
        expect(await page.textContent('body')).toContain('no es válido');
        await page.fill('#totp', totpCodeAt(secret, clock()));
        await Promise.all([page.waitForURL((u) => u.pathname === '/staff/profile'), page.click('form[action="/login"] button[type="submit"]')]);

        await context.clearCookies();
        await page.goto(`${base}/login?next=/staff/profile`);
        await page.fill('#username', user.username);
        await page.fill('#password', user.password);
        await page.click('form[action="/login"] button[type="submit"]');
        await page.waitForSelector('#totp');
        await page.fill('#totp', codes[0]!);
        await Promise.all([page.waitForURL((u) => u.pathname === '/staff/profile'), page.click('form[action="/login"] button[type="submit"]')]);
        expect(await page.textContent('section[aria-labelledby="totp-title"]')).toContain('Le quedan 9 códigos');
        expect(foreign).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});

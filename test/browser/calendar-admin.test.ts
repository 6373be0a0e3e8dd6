/**
 * The business calendar admin page in real Chromium (plain form posts, no script of its own): an admin types
 * a lunch break that overlaps and a holiday with no name, sees each error beside its field (and in
 * the list at the top), fixes them and saves. Checked with axe-core at 1366 px and 390 px;
 * screenshots go to /tmp/calendar-admin-*.png for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { loginInBrowser } from '../helpers/auth';
import { buildUser } from '../helpers/factories';
import { ChromiumSession, expectAccessible } from './browser';

describe('calendar and SLA admin page in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let admin: { username: string; password: string };

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    admin = await buildUser(t.database, { role: 'admin', fullName: 'Ana Torres Vega' });
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`names each bad field beside it, then saves the fixed calendar (${viewport.width} px)`, async () => {
      const { page, foreign } = await chromium.open({ viewport, locale: 'es-PE' });
      page.setDefaultTimeout(10_000);
      await loginInBrowser(page, base, admin, '/staff/admin/calendar');
      expect(await page.locator('h1').textContent()).toBe('Calendario laboral y plazos');
      expect(await page.inputValue('#hours-mon')).toBe('08:00-16:45');
      expect(await page.inputValue('#holidays')).toContain('-12-25 Navidad');
      await expectAccessible(page, `calendar ${viewport.width}`);
      await page.screenshot({ path: `/tmp/calendar-admin-${viewport.width}.png`, fullPage: true });

      await page.fill('#hours-mon', '08:00-13:00, 12:30-16:45');
      // Without the line the 1366 px run added (each run starts from the national holidays).
      const holidays = (await page.inputValue('#holidays'))
        .split('\n')
        .filter((l) => !l.startsWith('2026-12-07'))
        .join('\n');
      await page.fill('#holidays', `${holidays}\n2026-12-07`);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/staff/admin/calendar')),
        page.click('section[aria-labelledby="calendar-form"] button[type="submit"]'),
      ]);
      await page.waitForLoadState('load');
      expect(await page.locator('#hours-mon-error').textContent()).toContain('se superpone');
      expect(await page.getAttribute('#hours-mon', 'aria-invalid')).toBe('true');
      expect(await page.locator('#holidays-error').textContent()).toContain('«2026-12-07»: Escriba el nombre del feriado');
      expect(await page.inputValue('#hours-mon')).toBe('08:00-13:00, 12:30-16:45');
      expect(await page.locator('.alert-danger a[href="#hours-mon"]').textContent()).toContain('Lunes');
      await expectAccessible(page, `calendar errors ${viewport.width}`);
      await page.screenshot({ path: `/tmp/calendar-admin-errors-${viewport.width}.png`, fullPage: true });

      await page.fill('#hours-mon', '08:00-13:00, 14:00-16:45');
      await page.fill('#holidays', `${holidays}\n2026-12-07 Aniversario de la institución`);
      await Promise.all([page.waitForURL(/done=calendar/), page.click('section[aria-labelledby="calendar-form"] button[type="submit"]')]);
      expect(await page.locator('.alert-success').textContent()).toContain('Calendario guardado');
      expect(await page.inputValue('#hours-mon')).toBe('08:00-13:00, 14:00-16:45');
      expect(await page.inputValue('#holidays')).toContain('2026-12-07 Aniversario de la institución');
      // Back to the default day for the next viewport.
      await page.fill('#hours-mon', '08:00-16:45');
      await Promise.all([page.waitForURL(/done=calendar/), page.click('section[aria-labelledby="calendar-form"] button[type="submit"]')]);
      expect(foreign).toEqual([]);
    });
  }
});

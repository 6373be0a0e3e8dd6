/**
 * The dashboards in real Chromium over the known history of March 2026: an admin opens each
 * dashboard page, sees ApexCharts drawn (from the app, no CDN, no CSP violation) and the tables
 * beside them, changes the date range with the filter form and sees charts and tables change;
 * every page is checked with axe-core. Screenshots go to /tmp/dashboards-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { manualClock, startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildStaff, buildUser } from '../helpers/factories';
import { loginInBrowser } from '../helpers/auth';
import { APRIL_START, buildKnownHistory } from '../../src/metrics/fixtures/known-history';
import { ChromiumSession, DESKTOP, expectAccessible } from './browser';

describe('dashboards in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  const admin = { username: 'gerencia', password: 'clave-gerencia-1' };

  beforeAll(async () => {
    // "Today" is 10 April 2026 in Lima: the default range is 12 March – 10 April.
    t = await startTestApp('sqlite', { clock: manualClock(APRIL_START + 9 * 86_400_000 + 12 * 3_600_000) });
    await buildKnownHistory(t.database);
    await buildUser(t.database, { ...admin, role: 'admin', fullName: 'Gerencia de TI' });
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  async function open(viewport = DESKTOP): Promise<{ page: Page; foreign: string[]; cspErrors: string[] }> {
    const { page, foreign } = await chromium.open({ viewport, locale: 'es-PE' });
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') cspErrors.push(m.text());
    });
    page.on('pageerror', (e) => cspErrors.push(e.message));
    await loginInBrowser(page, base, admin, '/staff/dashboards');
    return { page, foreign, cspErrors };
  }

  /** `YYYY-MM-DD` as a person types it in the form: day first. */
  const typed = (iso: string) => iso.split('-').reverse().join('/');

  /** Sets the range in the filter form, typed day first as the fields ask, and submits it (a plain GET form). */
  async function setRange(page: Page, from: string, to: string) {
    await page.fill('#from', typed(from));
    await page.fill('#to', typed(to));
    await Promise.all([page.waitForURL((u) => u.searchParams.get('from') === typed(from)), page.click('.dashboard-filters button[type="submit"]')]);
  }

  const chartsRendered = (page: Page) =>
    page.waitForFunction(() => {
      const charts = [...document.querySelectorAll('.dashboard-chart')];
      return charts.length > 0 && charts.every((c) => c.getAttribute('data-rendered') === 'true' && c.querySelector('svg'));
    });

  /** A fingerprint of what the charts draw (bar and line geometry). */
  const chartShapes = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('.dashboard-chart svg path')]
        .map((p) => p.getAttribute('d') ?? '')
        .filter((d) => d.length > 10)
        .join('|'),
    );

  it('shows the six indicators of the chosen period as cards', async () => {
    const { page, foreign, cspErrors } = await open();
    expect(await page.locator('h1').innerText()).toBe('Indicadores');
    await setRange(page, '2026-03-01', '2026-03-31');
    const card = (id: string) => page.locator(`#${id} [data-indicator-value]`).innerText();
    expect(await card('ind-resolution-rate')).toBe('99.34 %');
    expect(await card('ind-open')).toBe('94.12 %');
    expect(await card('ind-interaction')).toBe('85.48 %');
    expect(await card('ind-resolution-time')).toBe('2 h 0 min');
    expect(await card('ind-response-time')).toBe('7 min');
    expect(await card('ind-satisfaction')).toBe('88.60 %');
    expect(await page.locator('#ind-resolution-rate').innerText()).toContain('1,051 resueltos de 1,058 reportados (4 cancelados)');
    await expectAccessible(page, 'summary');
    await page.screenshot({ path: '/tmp/dashboards-summary.png', fullPage: true });
    // An empty period: dashes, not NaN.
    await setRange(page, '2025-01-01', '2025-01-31');
    expect(await card('ind-resolution-rate')).toBe('—');
    expect(await page.locator('main').innerText()).not.toContain('NaN');
    expect(foreign).toEqual([]);
    expect(cspErrors).toEqual([]);
  });

  for (const [name, path, tableId] of [
    ['incidents', '/staff/dashboards/incidents', '#per-day-table'],
    ['notifications', '/staff/dashboards/notifications', '#per-day-table'],
    ['assistant', '/staff/dashboards/assistant', '#per-day-table'],
  ] as const) {
    it(`draws the ${name} charts and tables, and both change with the date range`, async () => {
      const { page, foreign, cspErrors } = await open();
      await page.goto(`${base}${path}`);
      await chartsRendered(page);
      // Default range: the last 30 days up to "today", 10 April.
      expect(await page.inputValue('#from')).toBe('12/03/2026');
      expect(await page.inputValue('#to')).toBe('10/04/2026');
      const rowsBefore = await page.locator(`${tableId} tbody tr`).count();
      const shapesBefore = await chartShapes(page);
      const tableBefore = await page.locator(tableId).innerText();
      expect(rowsBefore).toBe(30);

      await setRange(page, '2026-03-01', '2026-03-07');
      await chartsRendered(page);
      expect(await page.locator(`${tableId} tbody tr`).count()).toBe(7);
      const tableAfter = await page.locator(tableId).innerText();
      expect(tableAfter).not.toBe(tableBefore);
      expect(tableAfter).toContain('01/03/2026');
      expect(await chartShapes(page)).not.toBe(shapesBefore);
      // The tabs keep the range.
      expect(await page.locator('.nav-tabs a[aria-current="page"]').getAttribute('href')).toContain('from=2026-03-01&to=2026-03-07');

      await expectAccessible(page, name);
      await page.screenshot({ path: `/tmp/dashboards-${name}.png`, fullPage: true });
      expect(foreign).toEqual([]);
      expect(cspErrors).toEqual([]);
    });
  }

  it('filters incidents by office, and works on a phone', async () => {
    const { page } = await open({ width: 390, height: 844 });
    await page.goto(`${base}/staff/dashboards/incidents?from=2026-03-01&to=2026-03-31`);
    await chartsRendered(page);
    const allOffices = await page.locator('#by-office-table tbody tr').count();
    expect(allOffices).toBe(2);
    await page.selectOption('#office', { label: 'KH Gerencia de Obras' });
    await Promise.all([page.waitForURL((u) => u.searchParams.has('office')), page.click('.dashboard-filters button[type="submit"]')]);
    await chartsRendered(page);
    expect(await page.locator('#by-office-table tbody tr').count()).toBe(1);
    expect(await page.locator('#ind-resolution-rate').innerText()).toContain('de 529 reportados');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'incidents-phone');
    await page.screenshot({ path: '/tmp/dashboards-incidents-phone.png', fullPage: true });
  });

  it('keeps the numbers readable without JavaScript', async () => {
    const context = await chromium.context({ javaScriptEnabled: false, locale: 'es-PE' });
    const page = await context.newPage();
    await loginInBrowser(page, base, admin, '/staff/dashboards/notifications?from=2026-03-01&to=2026-03-05');
    await page.goto(`${base}/staff/dashboards/notifications?from=2026-03-01&to=2026-03-05`);
    expect(await page.locator('#per-day-table tbody tr').count()).toBe(5);
    expect(await page.locator('#never-open-list').innerText()).toContain('Técnico 4 Prueba');
  });

  it('asks the requester for a rating on the tracking page of a resolved ticket, accessibly and without JavaScript', async () => {
    const person = await buildStaff(t.database);
    const category = await buildCategory(t.database, { name: 'Encuesta en navegador' });
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: category.id, description: 'El monitor no enciende.' } });
    const { code } = filed.json();
    const now = t.ctx.clock();
    await t.database.db.updateTable('tickets').set({ status: 'resolved', first_action_at: now, resolved_at: now, closed_at: now }).where('code', '=', code).execute();
    for (const javaScriptEnabled of [true, false]) {
      const context = await chromium.context({ javaScriptEnabled, locale: 'es-PE', viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${base}/t/${code}`);
      if (javaScriptEnabled) {
        await expectAccessible(page, 'survey');
        await page.screenshot({ path: '/tmp/dashboards-survey-form.png', fullPage: true });
        // Keyboard: Tab to the scale, arrows pick a score, then the comment.
        await page.focus('#score-1');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        expect(await page.isChecked('#score-4')).toBe(true);
        await page.fill('#survey-comment', 'Muy amable, gracias.');
        await Promise.all([page.waitForURL((u) => u.searchParams.get('encuesta') === 'gracias'), page.click('#encuesta button[type="submit"]')]);
        expect(await page.locator('#encuesta').innerText()).toContain('Su calificación: 4 de 5 (Satisfecho).');
        await expectAccessible(page, 'survey-thanks');
        await page.screenshot({ path: '/tmp/dashboards-survey-thanks.png', fullPage: true });
      } else {
        // Already answered: no second form, the thank-you instead.
        expect(await page.locator('#encuesta form').count()).toBe(0);
        expect(await page.locator('#encuesta').innerText()).toContain('4 de 5');
      }
    }
  });
});

/**
 * What a newcomer sees in the staff area (issue 16), in real Chromium over the demo data: a
 * reload never creates a second API token, admin forms show every field's error at once, queue
 * previews never split an emoji, tables stay within their cards at 1366 px, staff error pages keep
 * the staff layout. Screenshots of every page at 390 px and 1366 px go to /tmp/shots-16/.
 */
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildTicket, buildUser } from '../helpers/factories';
import { loginInBrowser } from '../helpers/auth';
import { seedDemo } from '../../src/demo/seed-demo';
import { ChromiumSession } from './browser';

const SHOTS = '/tmp/shots-16';
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

describe('the staff area as a newcomer sees it', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let emojiCode: string;
  const admin = { username: 'jefa', password: 'clave-de-la-jefa-1' };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp('sqlite');
    await seedDemo(t.database, t.ctx.clock, t.ctx.config.timeZone);
    await buildUser(t.database, { ...admin, role: 'admin', fullName: 'Jefa de la Oficina' });
    const office = await t.database.db.selectFrom('offices').select('id').where('active', '=', 1).orderBy('id').executeTakeFirstOrThrow();
    const category = await t.database.db.selectFrom('categories').select('id').orderBy('id').executeTakeFirstOrThrow();
    emojiCode = (await buildTicket(t.database, { officeId: office.id, categoryId: category.id, description: `${'😭'.repeat(200)} no funciona nada`, at: Date.now() - 86_400_000 * 400 })).code;
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  async function signedIn(viewport = DESKTOP, next = '/staff/queue'): Promise<Page> {
    const context = await chromium.context({ viewport, locale: 'es-PE' });
    const page = await context.newPage();
    await loginInBrowser(page, base, admin, next);
    return page;
  }

  it('shows a new API token once and a reload creates no second token (Post/Redirect/Get)', async () => {
    const page = await signedIn(DESKTOP, '/staff/profile');
    await page.fill('#name', 'Reportes mensuales');
    await Promise.all([page.waitForURL((u) => u.pathname === '/staff/profile'), page.getByRole('button', { name: 'Crear token' }).click()]);
    const token = await page.locator('#new-token').inputValue();
    expect(token).toMatch(/^itims_/);
    await page.reload();
    expect(await page.locator('#new-token').count()).toBe(0);
    expect(page.url()).toMatch(/\/staff\/profile(#tokens-title)?$/);
    const tokens = await t.database.db.selectFrom('api_tokens').select('name').where('name', '=', 'Reportes mensuales').execute();
    expect(tokens).toHaveLength(1);
  });

  it('reports every field of an admin form at once, each error named and different from its help', async () => {
    const page = await signedIn(DESKTOP, '/staff/admin/users');
    await page.fill('#username', 'Con Espacios');
    await page.fill('#fullName', '   ');
    await page.fill('#password', 'corta');
    await page.evaluate(() => document.querySelectorAll('form').forEach((f) => f.setAttribute('novalidate', '')));
    await Promise.all([page.waitForLoadState('domcontentloaded'), page.getByRole('button', { name: 'Crear cuenta' }).click()]);
    const summary = await page.locator('.alert-danger li').allTextContents();
    expect(summary).toHaveLength(3);
    expect(summary[0]).toMatch(/^Usuario: /);
    expect(summary.some((s) => s.startsWith('Nombre completo: Este campo es obligatorio'))).toBe(true);
    expect(summary.some((s) => /^Contraseña inicial: .*8/.test(s))).toBe(true);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(3);
    const help = await page.locator('#username-help').textContent();
    const error = await page.locator('#username-error').textContent();
    expect(error).not.toBe(help);
    expect(await page.locator('#username').inputValue()).toBe('Con Espacios');
    await page.screenshot({ path: `${SHOTS}/admin-users-errors-1366.png`, fullPage: true });

    await page.goto(`${base}/staff/admin/categories`);
    await page.fill('#name', ' ');
    await page.fill('#sortOrder', '7a');
    await page.evaluate(() => document.querySelectorAll('form').forEach((f) => f.setAttribute('novalidate', '')));
    await Promise.all([page.waitForLoadState('domcontentloaded'), page.getByRole('button', { name: 'Crear categoría' }).click()]);
    const categoryErrors = await page.locator('.alert-danger li').allTextContents();
    expect(categoryErrors).toEqual([expect.stringMatching(/^Nombre: /), expect.stringMatching(/^Orden: Escriba un número entero/)]);
  });

  it('never cuts an emoji in a queue preview (no U+FFFD)', async () => {
    const page = await signedIn(DESKTOP, '/staff/queue');
    const row = page.locator('tr', { has: page.locator(`a:text("${emojiCode}")`) });
    const preview = (await row.locator('.description-cell').textContent()) ?? '';
    expect(preview).toContain('😭');
    expect(preview.endsWith('…')).toBe(true);
    expect(preview).not.toContain('\uFFFD');
    expect(preview).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('keeps every table within its card or page at 1366 px, the description to two lines', async () => {
    const page = await signedIn(DESKTOP, '/staff/tickets');
    for (const url of ['/staff/tickets', '/staff/queue', '/staff/dashboards', '/staff/dashboards/notifications', '/staff/dashboards/incidents', '/staff/admin/users', '/staff/admin/offices']) {
      await page.goto(`${base}${url}`);
      // Every table is as wide as the box that holds it, or that box scrolls it visibly.
      const overflowing = await page.evaluate(() =>
        Array.from(document.querySelectorAll('table')).flatMap((table) => {
          const box = table.closest('.table-responsive') ?? table.parentElement!;
          const container = box.closest('.card, main')!;
          const tooWide = table.getBoundingClientRect().right > container.getBoundingClientRect().right + 1;
          const hiddenScroll = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX === 'hidden';
          return tooWide || hiddenScroll || box.scrollWidth > box.clientWidth + 1 ? [`${table.id || table.className}: ${box.scrollWidth} > ${box.clientWidth}`] : [];
        }),
      );
      expect(overflowing, url).toEqual([]);
    }
    // A header wraps between its words, never inside one ("Report/ados" in a half-width card).
    for (const url of ['/staff/dashboards', '/staff/dashboards/incidents', '/staff/dashboards/notifications', '/staff/dashboards/assistant']) {
      await page.goto(`${base}${url}`);
      const splitWords = await page.evaluate(() =>
        Array.from(document.querySelectorAll('.dashboard-table thead th')).flatMap((th) => {
          const text = th.firstChild;
          if (!text || text.nodeType !== Node.TEXT_NODE) return [];
          const value = text.textContent ?? '';
          const out: string[] = [];
          for (const m of value.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(text, m.index);
            range.setEnd(text, m.index + m[0].length);
            const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
            if (lines.size > 1) out.push(m[0]);
          }
          return out;
        }),
      );
      expect(splitWords, url).toEqual([]);
    }
    await page.goto(`${base}/staff/tickets`);
    const heights = await page.locator('#tickets-table .description-cell .clamp-2').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().height));
    const lineHeight = await page
      .locator('#tickets-table .description-cell .clamp-2')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    for (const h of heights) expect(h).toBeLessThanOrEqual(lineHeight * 2 + 1);
    const assignee = await page.locator('#tickets-table thead th').last().boundingBox();
    expect(assignee!.x + assignee!.width).toBeLessThanOrEqual(DESKTOP.width);
  });

  it('shows a shadow where a phone hides table columns, and none once scrolled to that end', async () => {
    const page = await signedIn(PHONE, '/staff/admin/users');
    const box = page.locator('.table-responsive').first();
    expect(await box.evaluate((b) => b.scrollWidth > b.clientWidth + 1)).toBe(true);
    // The table keeps its size but is not painted, so the pixels are the box's own background (the
    // hint), not a cut button at the edge. Mean brightness (0–255) of its rightmost 3 px, decoded by sharp.
    const rightEdge = async () => {
      const { data, info } = await sharp(await box.screenshot())
        .removeAlpha()
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      let sum = 0;
      for (let y = 0; y < info.height; y++) for (let x = info.width - 3; x < info.width; x++) sum += data[y * info.width + x]!;
      return sum / (info.height * 3);
    };
    await box.evaluate((b) => (b.querySelector('table')!.style.visibility = 'hidden'));
    const hidden = await rightEdge();
    await box.evaluate((b) => (b.scrollLeft = b.scrollWidth));
    const atEnd = await rightEdge();
    expect(hidden).toBeLessThan(235);
    expect(atEnd - hidden).toBeGreaterThan(12);
  });

  it("writes dates and the report month in the page's language under an English browser", async () => {
    // An English Chromium draws <input type="date"> as mm/dd/yyyy whatever the page's lang.
    const context = await chromium.context({ viewport: DESKTOP, locale: 'en-US' });
    const page = await context.newPage();
    await loginInBrowser(page, base, admin, '/staff/tickets');
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    const from = page.locator('#from');
    expect(await from.getAttribute('type')).toBe('text');
    expect(await from.getAttribute('placeholder')).toBe('dd/mm/aaaa');
    expect(await page.locator('label[for="from"]').textContent()).toContain('día/mes/año');
    await from.fill('1/1/2000');
    await page.locator('#to').fill('31/12/2099');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('from') === '1/1/2000'), page.getByRole('button', { name: 'Buscar' }).click()]);
    expect(await page.locator('.alert-danger').count()).toBe(0);
    expect(await page.locator('#tickets-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#from').inputValue()).toBe('01/01/2000');
    // A date the form cannot read is named in Spanish, next to what was typed.
    await page.locator('#from').fill('12/31/2026');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('from') === '12/31/2026'), page.getByRole('button', { name: 'Buscar' }).click()]);
    expect(await page.locator('.alert-danger, .invalid-feedback').first().textContent()).toContain('Escriba la fecha como día/mes/año');
    expect(await page.locator('#from').inputValue()).toBe('12/31/2026');

    await page.goto(`${base}/staff/dashboards`);
    expect(await page.locator('#from').inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    const month = await page.locator('#month option:checked').textContent();
    expect(month).toMatch(/^(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4}$/);
    await page.goto(`${base}/staff/dashboards?lang=en`);
    expect(await page.locator('#from').getAttribute('placeholder')).toBe('dd/mm/yyyy');
    expect(await page.locator('#month option:checked').textContent()).toMatch(/^[A-Z][a-z]+ \d{4}$/);
    await page.goto(`${base}/staff/dashboards?lang=es`);
  });

  it('keeps the staff layout on a staff error page, with a link back to the panel', async () => {
    const page = await signedIn(DESKTOP, '/staff/queue');
    const res = await page.goto(`${base}/staff/tickets/TK-00000000`);
    expect(res!.status()).toBe(404);
    expect(await page.locator('a[href="/staff/queue"]', { hasText: 'Volver al panel' }).count()).toBe(1);
    expect(await page.locator('.staff-user').count()).toBe(1);
    expect(await page.locator('a[href="/"]', { hasText: 'Volver al inicio' }).count()).toBe(0);
  });

  it('takes screenshots of every staff page at 390 px and 1366 px', { timeout: 300_000 }, async () => {
    const ticket = await t.database.db.selectFrom('tickets').select('code').where('status', '=', 'in_progress').orderBy('id').executeTakeFirstOrThrow();
    const pages: [string, string][] = [
      ['queue', '/staff/queue'],
      ['mine', '/staff/mine'],
      ['tickets', '/staff/tickets'],
      ['ticket', `/staff/tickets/${ticket.code}`],
      ['dashboard-summary', '/staff/dashboards'],
      ['dashboard-notifications', '/staff/dashboards/notifications'],
      ['dashboard-incidents', '/staff/dashboards/incidents'],
      ['dashboard-assistant', '/staff/dashboards/assistant'],
      ['admin-offices', '/staff/admin/offices'],
      ['admin-staff', '/staff/admin/staff'],
      ['admin-categories', '/staff/admin/categories'],
      ['admin-users', '/staff/admin/users'],
      ['admin-faqs', '/staff/admin/faqs'],
      ['admin-assistant', '/staff/admin/assistant'],
      ['admin-jobs', '/staff/admin/jobs'],
      ['admin-assets', '/staff/admin/assets'],
      ['admin-calendar', '/staff/admin/calendar'],
      ['admin-access-log', '/staff/admin/access-log'],
      ['incidents', '/staff/incidents'],
      ['profile', '/staff/profile'],
    ];
    for (const [viewport, label] of [
      [DESKTOP, '1366'],
      [PHONE, '390'],
    ] as const) {
      const page = await signedIn(viewport);
      for (const lang of ['es', 'en'] as const) {
        for (const [name, url] of pages) {
          const res = await page.goto(`${base}${url}?lang=${lang}`);
          expect(res!.status(), url).toBe(200);
          expect(await page.locator('html').getAttribute('lang'), url).toBe(lang);
          await page.waitForTimeout(name.startsWith('dashboard') ? 600 : 50);
          await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${label}.png`, fullPage: true });
        }
      }
    }
  });
});

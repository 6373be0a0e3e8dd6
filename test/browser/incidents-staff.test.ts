/**
 * Major incidents on the staff side in real Chromium (issue 19): the queue's "Posible incidente …
 * — Declarar" box, the declare form it opens prefilled, the detail page with its children,
 * unlinking one and resolving with a note — plain form posts, no script needed. Checked with axe-core
 * at 1366 px and 390 px (and no sideways scrolling at 390 px); screenshots go to /tmp/incidents-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { loginInBrowser } from '../helpers/auth';
import { buildCategory, buildOffice, buildTicket, buildUser } from '../helpers/factories';
import { ChromiumSession, expectAccessible } from './browser';

describe('major incidents (staff) in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let technician: { username: string; password: string };

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    technician = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  const open = (viewport: { width: number; height: number }) => chromium.open({ viewport, locale: 'es-PE' });

  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`declares the suggested incident from the queue, unlinks a child, posts an update and resolves it (${viewport.width} px)`, async () => {
      const category = await buildCategory(t.database, { name: `Internet y red ${viewport.width}` });
      const office = await buildOffice(t.database, { name: `Sede Central ${viewport.width}` });
      const codes: string[] = [];
      for (const ago of [20, 15, 10, 5]) codes.push((await buildTicket(t.database, { categoryId: category.id, officeId: office.id, at: Date.now() - ago * 60_000 })).code);

      const { page, foreign } = await open(viewport);
      await loginInBrowser(page, base, technician, '/staff/queue');
      const box = page.locator(`.incident-suggestion[data-category="${category.id}"]`);
      expect(await box.textContent()).toMatch(new RegExp(`Posible incidente: 4 tickets de Internet y red ${viewport.width} en Sede Central ${viewport.width} desde las \\d{1,2}:\\d{2}`));
      await expectAccessible(page, `queue ${viewport.width}`, viewport.width);
      await page.screenshot({ path: `/tmp/incidents-queue-${viewport.width}.png`, fullPage: true });

      await Promise.all([page.waitForURL(`**/staff/incidents/new?category=${category.id}`), box.getByRole('link', { name: `Declarar el incidente de Internet y red ${viewport.width}` }).click()]);
      expect(await page.inputValue('#title')).toBe(`Falla de Internet y red ${viewport.width} en Sede Central ${viewport.width}`);
      expect(await page.inputValue('#publicMessage')).toContain('Ya lo estamos atendiendo');
      expect(await page.inputValue('#categoryId')).toBe(String(category.id));
      expect(await page.isChecked(`#office-${office.id}`)).toBe(true);
      expect((await page.inputValue('#ticketCodes')).split('\n')).toEqual(codes);
      await expectAccessible(page, `declare ${viewport.width}`, viewport.width);
      await page.screenshot({ path: `/tmp/incidents-declare-${viewport.width}.png`, fullPage: true });

      await page.fill('#title', `Caída de internet ${viewport.width}`);
      await Promise.all([page.waitForURL(/\/staff\/incidents\/\d+\?done=declared$/), page.click('#declare-form button[type="submit"]')]);
      expect(await page.locator('h1').textContent()).toBe(`Caída de internet ${viewport.width}`);
      expect(await page.locator('.incident-children tbody tr').count()).toBe(4);
      await expectAccessible(page, `detail ${viewport.width}`, viewport.width);
      await page.screenshot({ path: `/tmp/incidents-detail-${viewport.width}.png`, fullPage: true });

      await Promise.all([page.waitForURL(/\?done=unlinked$/), page.getByRole('button', { name: `Desvincular ${codes[0]}: vuelve a la cola en su lugar` }).click()]);
      expect(await page.locator('.incident-children tbody tr').count()).toBe(3);

      // "Publicar novedad": listed on the page at once, and on a child's tracking page.
      const news = `El proveedor cambió el equipo; vuelve hacia las 11:30 (${viewport.width}).`;
      await page.fill('#message', news);
      await Promise.all([page.waitForURL(/\?done=updated$/), page.getByRole('button', { name: 'Publicar novedad' }).click()]);
      expect(await page.locator('.incident-update-message').allTextContents()).toEqual([news]);
      await expectAccessible(page, `update posted ${viewport.width}`, viewport.width);
      const detailUrl = page.url();
      await page.goto(`${base}/t/${codes[1]}`);
      expect(await page.locator('body').textContent()).toContain(news);
      await page.goto(detailUrl);

      await page.fill('#note', 'Se restableció el enlace con el proveedor.');
      await Promise.all([page.waitForURL(/\?done=resolved$/), page.click('text=Resolver incidente y sus tickets')]);
      expect(await page.locator('[role="status"]').textContent()).toContain('Incidente resuelto');
      expect(await page.locator('.incident-children tbody').textContent()).not.toContain('Registrado');
      await expectAccessible(page, `resolved ${viewport.width}`, viewport.width);

      // The unlinked ticket is back in the queue; the others are resolved.
      await page.goto(`${base}/staff/queue`);
      expect(await page.locator(`#queue-body tr[data-code="${codes[0]}"]`).count()).toBe(1);
      await page.goto(`${base}/staff/incidents`);
      expect(await page.locator('.incidents-table').textContent()).toContain(`Caída de internet ${viewport.width}`);
      await expectAccessible(page, `list ${viewport.width}`, viewport.width);
      expect(foreign).toEqual([]);
    });
  }
});

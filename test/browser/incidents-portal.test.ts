/**
 * Major incidents as requesters see them, in real Chromium (issue 19): an incident declared by
 * staff shows as a banner on the portal's home page; typing a DNI of an affected office brings
 * "¿Es por esto? Ya lo estamos atendiendo" with "Sumarme", which files a ticket linked to the
 * incident in one click and lands on the confirmation with the code and the incident; a DNI of
 * another office is offered nothing; a copy the service worker serves offline hides the banner.
 * Checked with axe-core at 1366 px and 390 px; screenshots go to /tmp/incidents-portal-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearerToken } from '../helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { ChromiumSession, expectAccessible } from './browser';

describe('major incidents on the portal in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    // One office files several tickets here: no flood guard in the way.
    t = await startTestApp('sqlite', { config: { ticketFloodMinutes: 0 } });
    const rosa = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    headers = { authorization: `Bearer ${await bearerToken(t, rosa)}` };
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  async function open(viewport: { width: number; height: number }, url = '/') {
    const opened = await chromium.open({ viewport, locale: 'es-PE' });
    await opened.page.goto(`${base}${url}`);
    return opened;
  }
  const declare = async (body: object) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: body, headers });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  };

  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`shows the banner, offers "Sumarme" after the DNI and files a linked ticket in one click (${viewport.width} px)`, async () => {
      const w = viewport.width;
      const category = await buildCategory(t.database, { name: `Internet y red ${w}` });
      const office = await buildOffice(t.database, { name: `Sede Central ${w}` });
      const elsewhere = await buildOffice(t.database, { name: `Agencia Norte ${w}` });
      const incident = await declare({
        title: `Caída del enlace ${w}`,
        publicMessage: 'El enlace con Sede Central está caído; el proveedor ya fue llamado.',
        categoryId: category.id,
        officeIds: [office.id],
      });
      const person = await buildStaff(t.database, { firstName: 'Juan', lastName: 'Pérez Rojas', officeId: office.id });
      const stranger = await buildStaff(t.database, { officeId: elsewhere.id });

      const { page, foreign } = await open(viewport);
      const banner = page.locator('#incident-banner');
      await expect.poll(() => banner.isVisible()).toBe(true);
      const bannerText = await banner.textContent();
      expect(bannerText).toContain('Incidentes en curso');
      expect(bannerText).toContain(`Caída del enlace ${w}`);
      expect(bannerText).toContain('El enlace con Sede Central está caído; el proveedor ya fue llamado.');
      expect(bannerText).toContain(`Oficinas afectadas: Sede Central ${w}`);
      expect(await page.locator('#incident-offer').isVisible()).toBe(false);

      // Another office's DNI: its name and office, and no offer.
      await page.locator('#dni').fill(stranger.dni);
      await expect.poll(() => page.locator('#dni-status').textContent()).toContain(`Agencia Norte ${w}`);
      expect(await page.locator('#incident-offer').isVisible()).toBe(false);

      await page.locator('#dni').fill(person.dni);
      await expect.poll(() => page.locator('#dni-status').textContent()).toContain(`Sede Central ${w}`);
      const offer = page.locator('#incident-offer');
      await expect.poll(() => offer.isVisible()).toBe(true);
      expect(await offer.textContent()).toContain('¿Es por esto? Ya lo estamos atendiendo');
      expect(await offer.textContent()).toContain(`Caída del enlace ${w}`);
      await expectAccessible(page, `home ${w}`, w);
      await page.screenshot({ path: `/tmp/incidents-portal-home-${w}.png`, fullPage: true });

      await Promise.all([page.waitForURL(/\/t\/[^/]+\/confirmacion$/), offer.getByRole('button', { name: 'Sumarme' }).click()]);
      const code = ((await page.locator('#ticket-code').textContent()) ?? '').trim();
      expect(code).toMatch(/^TK-/);
      const joined = page.locator('#joined-incident');
      expect(await joined.textContent()).toContain('Su ticket se sumó a un incidente que ya estamos atendiendo');
      expect(await joined.textContent()).toContain(`Caída del enlace ${w}`);
      await expectAccessible(page, `confirmation ${w}`, w);
      await page.screenshot({ path: `/tmp/incidents-portal-confirmation-${w}.png`, fullPage: true });

      const row = await t.database.db.selectFrom('tickets').select(['incident_id', 'category_id', 'office_id', 'description']).where('code', '=', code).executeTakeFirstOrThrow();
      expect(row).toEqual({ incident_id: incident.id, category_id: category.id, office_id: office.id, description: `Me afecta el incidente «Caída del enlace ${w}».` });
      expect(foreign).toEqual([]);
    });
  }

  it('shows the banner in English on the English page', async () => {
    await declare({ title: 'SIAF no responde', publicMessage: 'El servidor del SIAF se reinicia.' });
    const { page } = await open({ width: 1366, height: 900 }, '/?lang=en');
    const text = (await page.locator('#incident-banner').textContent()) ?? '';
    expect(text).toContain('Ongoing incidents');
    expect(text).toContain('It affects every office.');
    expect(text).not.toContain('Incidentes en curso');
  });

  it('a copy the service worker serves offline does not show the incidents that were open then', async () => {
    await declare({ title: 'Correo caído', publicMessage: 'El correo no envía.' });
    const { page, context } = await open({ width: 390, height: 844 });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
    // Loaded once more under the worker, so the cached shell is today's page with its banner.
    await page.reload();
    expect(await page.locator('#incident-banner').isVisible()).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.hasAttribute('data-shell-copy'))).toBe(true);
    expect(await page.locator('#incident-banner').count()).toBe(1);
    expect(await page.locator('#incident-banner').isVisible()).toBe(false);
    await context.setOffline(false);
  });
});

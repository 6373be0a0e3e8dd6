/**
 * The equipment admin page in real Chromium: the inventory CSV chosen on the page (a Spanish
 * Excel's Windows-1252) is imported and its report shown with the rejected lines; the page and
 * the report pass axe-core; nothing is loaded from another host. Screenshot in /tmp/asset-admin.png.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { loginInBrowser } from '../helpers/auth';
import { ChromiumSession, DESKTOP, expectAccessible } from './browser';

describe('equipment admin page in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let admin: { username: string; password: string };
  let dni: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    admin = await buildUser(t.database, { role: 'admin' });
    const office = await buildOffice(t.database, { name: 'Almacén Central' });
    dni = (await buildStaff(t.database, { officeId: office.id })).dni;
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  it('imports the inventory chosen on the page and shows the report with the rejected lines, accessibly', async () => {
    const { page, context, foreign } = await chromium.open({ viewport: DESKTOP, locale: 'es-PE' });
    await loginInBrowser(page, base, admin, '/staff/admin/assets');
    const file = '/tmp/asset-admin-import.csv';
    writeFileSync(
      file,
      Buffer.from(`codigo_patrimonial;descripcion;oficina;dni_responsable\r\n740899500701;Cámara web;Almacén Central;${dni}\r\n740899500702;Impresora;Oficina Inexistente;\r\n`, 'latin1'),
    );
    await page.setInputFiles('#asset-csv-file', file);
    await page.click('#asset-import button[type="submit"]');
    const result = page.locator('#asset-import-result');
    await expect.poll(() => result.textContent()).toContain('Equipos nuevos: 1;');
    expect(await result.locator('td').allTextContents()).toEqual(['3', 'La oficina «Oficina Inexistente» no existe (créela primero o corrija el nombre)']);
    await expectAccessible(page, 'assets admin');
    await page.screenshot({ path: '/tmp/asset-admin.png', fullPage: true });
    const row = await t.database.db.selectFrom('assets').select(['description']).where('code', '=', '740899500701').executeTakeFirstOrThrow();
    expect(row.description).toBe('Cámara web');
    expect(foreign).toEqual([]);
    await context.close();
  });
});

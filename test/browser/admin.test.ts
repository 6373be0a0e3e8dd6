/**
 * The staff sign-in, profile and admin pages in real Chromium: an admin signs in with the form,
 * visits every page built by the auth/admin area (desktop and phone widths), imports a CSV file
 * through the page's script, and every page is checked with axe-core (no serious or critical
 * violations). Screenshots go to /tmp/admin-*.png for a human to look at.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { loginInBrowser } from '../helpers/auth';
import { ChromiumSession, DESKTOP, expectAccessible } from './browser';

describe('staff and admin pages in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let admin: { username: string; password: string };
  let personId: number;
  let officeId: number;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    admin = await buildUser(t.database, { role: 'admin', username: 'admin', fullName: 'Administrador' });
    await buildUser(t.database, { username: 'rquispe', fullName: 'Rosa Quispe Mamani' });
    await buildCategory(t.database, { name: 'Otros', sortOrder: 0, isOther: true });
    await buildCategory(t.database, { name: 'Impresoras', sortOrder: 10 });
    await buildCategory(t.database, { name: 'Correo electrónico', sortOrder: 20 });
    const gerencia = await buildOffice(t.database, { name: 'Gerencia Regional', code: 'GR' });
    const info = await buildOffice(t.database, { name: 'Oficina de Tecnologías de la Información', parentId: gerencia.id, code: 'OTI' });
    await buildOffice(t.database, { name: 'Soporte Técnico', parentId: info.id });
    officeId = info.id;
    personId = (await buildStaff(t.database, { firstName: 'María Elena', lastName: 'Huamán Quispe', phone: '987654321', officeId: info.id })).id;
    await buildStaff(t.database, { firstName: 'Pedro', lastName: 'Salas Ríos', officeId: gerencia.id });
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  const open = (viewport = DESKTOP) => chromium.open({ viewport, locale: 'es-PE' });

  const pages = () => [
    ['profile', '/staff/profile'],
    ['offices', '/staff/admin/offices'],
    ['office-edit', `/staff/admin/offices/${officeId}`],
    ['staff', '/staff/admin/staff'],
    ['staff-edit', `/staff/admin/staff/${personId}`],
    ['categories', '/staff/admin/categories'],
    ['users', '/staff/admin/users'],
  ];

  it('signs in with the form; the login page is accessible and shows errors', async () => {
    const { page, foreign } = await open();
    await page.goto(`${base}/staff/admin/users`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await expectAccessible(page, 'login');
    await page.screenshot({ path: '/tmp/admin-login.png', fullPage: true });
    await page.fill('#username', 'admin');
    await page.fill('#password', 'equivocada');
    await page.click('form[action="/login"] button[type="submit"]');
    await expect.poll(() => page.locator('.alert-danger').textContent()).toContain('Usuario o contraseña incorrectos.');
    await expectAccessible(page, 'login-error');
    await page.fill('#password', admin.password);
    await Promise.all([page.waitForURL(`${base}/staff/admin/users`), page.click('form[action="/login"] button[type="submit"]')]);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Usuarios');
    expect(foreign).toEqual([]);
  });

  for (const [label, width, height] of [
    ['desktop', 1280, 900],
    ['phone', 390, 844],
  ] as const) {
    it(`shows every staff and admin page without serious accessibility problems (${label})`, async () => {
      const { page, foreign } = await open({ width, height });
      await loginInBrowser(page, base, admin);
      for (const [name, path] of pages()) {
        const res = await page.goto(`${base}${path}`);
        expect(res?.status(), path).toBe(200);
        await expectAccessible(page, `${name} (${label})`);
        await page.screenshot({ path: `/tmp/admin-${name}-${label}.png`, fullPage: true });
      }
      expect(foreign).toEqual([]);
    });
  }

  it('imports a CSV file from the staff page and shows the report with rejected lines', async () => {
    const { page } = await open();
    await loginInBrowser(page, base, admin, '/staff/admin/staff');
    const file = '/tmp/admin-import.csv';
    // Windows-1252, as a Spanish Excel saves "CSV (delimitado por comas)".
    writeFileSync(file, Buffer.from('dni;nombres;apellidos;oficina;telefono\r\n46000001;José;Ñahui Huamán;Almacén Central;\r\n123;Ana;Rojas;Almacén Central;\r\n', 'latin1'));
    await page.setInputFiles('#csv-file', file);
    await page.click('#staff-import button[type="submit"]');
    const result = page.locator('#staff-import-result');
    await expect.poll(() => result.textContent()).toContain('Personas nuevas: 1;');
    expect(await result.textContent()).toContain('Oficinas creadas: Almacén Central.');
    expect(await result.locator('td').allTextContents()).toEqual(['3', 'DNI inválido: debe tener 8 dígitos']);
    await expectAccessible(page, 'staff-import-result');
    await page.screenshot({ path: '/tmp/admin-staff-import.png', fullPage: true });
    const row = await t.database.db.selectFrom('staff').select(['first_name', 'last_name']).where('dni', '=', '46000001').executeTakeFirstOrThrow();
    expect(row).toEqual({ first_name: 'José', last_name: 'Ñahui Huamán' });
  });

  it('creates a category with the form and signs out with the navigation button', async () => {
    const { page } = await open();
    await loginInBrowser(page, base, admin, '/staff/admin/categories');
    await page.fill('#name', 'Proyectores');
    await Promise.all([page.waitForURL(/done=created/), page.click('form[action="/staff/admin/categories"] button[type="submit"]')]);
    await expect.poll(() => page.locator('.alert-success').textContent()).toContain('Proyectores');
    await Promise.all([page.waitForURL(/\/login\?out=1/), page.click('form[action="/logout"] button')]);
    await page.goto(`${base}/staff/profile`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});

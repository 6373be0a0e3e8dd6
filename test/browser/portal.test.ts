/**
 * The public portal in real Chromium: file a ticket as an employee would (with and without
 * JavaScript), follow it, list it; every page checked with axe-core; nothing loaded from
 * another host. Screenshots go to /tmp/portal-*.png for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildOffice, buildStaff } from '../helpers/factories';
import { ChromiumSession, DESKTOP, expectAccessible } from './browser';

describe('public portal in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let person: { dni: string };
  let secondPerson: { dni: string };

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await buildCategory(t.database, { name: 'Otros', sortOrder: 0, isOther: true });
    await buildCategory(t.database, { name: 'Impresoras', sortOrder: 1 });
    await buildCategory(t.database, { name: 'Internet y red', sortOrder: 2 });
    const office = await buildOffice(t.database, { name: 'Subgerencia de Logística' });
    person = await buildStaff(t.database, { firstName: 'MARÍA ELENA', lastName: 'Huamán Quispe', officeId: office.id });
    secondPerson = await buildStaff(t.database, { firstName: 'Pedro', lastName: 'Salas Ríos', officeId: office.id });
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  const open = (options: BrowserContextOptions = {}) => chromium.open({ viewport: DESKTOP, locale: 'es-PE', ...options });

  it('files a ticket with the DNI lookup, shows the code, and tracks it — every page accessible', async () => {
    const { page, foreign } = await open();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.goto(`${base}/`);
    await expect.poll(() => page.title()).toContain('Reportar un problema de TI');
    await expectAccessible(page, 'home');
    await page.screenshot({ path: '/tmp/portal-home-desktop.png', fullPage: true });

    await page.locator('#dni').pressSequentially(person.dni, { delay: 20 });
    const status = page.locator('#dni-status');
    await expect.poll(() => status.textContent()).toContain('María Elena H. Q.');
    expect(await status.textContent()).toContain('Subgerencia de Logística');
    expect(await page.locator('#dni').getAttribute('aria-invalid')).toBeNull();
    await expectAccessible(page, 'home with a person');

    const options = await page.locator('#categoryId option').allTextContents();
    expect(options.at(-1)).toBe('Otros');
    await page.selectOption('#categoryId', { label: 'Impresoras' });
    const description = 'La impresora del segundo piso atasca cada hoja desde ayer.';
    await page.locator('#description').fill(description);
    expect(await page.locator('#description-counter').textContent()).toBe(`${description.length} de 4000 caracteres`);
    await page.locator('#contactPhone').fill('987 654 321');
    await page.screenshot({ path: '/tmp/portal-home-filled.png', fullPage: true });

    // A double click sends once (and the idempotency key would make a second post harmless).
    await Promise.all([page.waitForURL(/\/t\/TK-[0-9A-Z]{8}\/confirmacion$/), page.locator('#ticket-submit').dblclick()]);
    const code = (await page.locator('.ticket-code').textContent())?.trim() as string;
    expect(code).toMatch(/^TK-[0-9A-HJKMNP-TV-Z]{8}$/);
    const tickets = await t.database.db.selectFrom('tickets').select(['code']).execute();
    expect(tickets.map((r) => r.code)).toEqual([code]);
    await expectAccessible(page, 'confirmation');
    await page.screenshot({ path: '/tmp/portal-confirmation.png', fullPage: true });

    await page.getByRole('button', { name: 'Copiar' }).click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toBe('Código copiado.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

    await page.getByRole('link', { name: 'Ver el estado del ticket' }).click();
    await page.waitForURL(`${base}/t/${code}`);
    const timeline = page.locator('ol.timeline');
    expect(await timeline.textContent()).toContain('Registrado');
    expect(await page.locator('.description-text').first().textContent()).toBe(description);
    expect(await page.textContent('main')).toContain('Su ticket es el siguiente en la cola.');
    await expectAccessible(page, 'tracking');
    await page.screenshot({ path: '/tmp/portal-tracking.png', fullPage: true });

    await page.goto(`${base}/t`);
    await expectAccessible(page, '/t');
    await page.locator('#code').fill(code.slice(3).toLowerCase());
    await Promise.all([page.waitForURL(`${base}/t/${code}`), page.getByRole('button', { name: 'Consultar' }).click()]);

    await page.goto(`${base}/mis-tickets`);
    await expectAccessible(page, '/mis-tickets');
    await page.locator('#dni').fill(person.dni);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Ver mis tickets' }).click()]);
    await expect.poll(() => page.locator('table').count()).toBe(1);
    expect(await page.locator('tbody tr').count()).toBe(1);
    // Masked, and no way into the ticket from a DNI: the full code opens it, through "Consultar".
    expect((await page.locator('tbody tr td').first().textContent())?.trim()).toBe(`${code.slice(0, 7)}••••`);
    expect(await page.textContent('main')).not.toContain(code);
    await Promise.all([page.waitForURL(`${base}/t`), page.getByRole('link', { name: 'Consultar un ticket con su código' }).click()]);
    await page.locator('#code').fill(`${code.slice(0, 7)}••••`);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Consultar' }).click()]);
    await expect.poll(() => page.textContent('main')).toContain('Ese código está oculto');
    await page.goto(`${base}/mis-tickets`);
    await page.locator('#dni').fill(person.dni);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Ver mis tickets' }).click()]);
    await expect.poll(() => page.locator('table').count()).toBe(1);
    await expectAccessible(page, '/mis-tickets with results');
    await page.screenshot({ path: '/tmp/portal-mine.png', fullPage: true });
    // On a phone each ticket reads down the screen, cells labelled: no sideways scrolling, the code on one line.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const codeCell = page.locator('tbody tr td').first();
    expect(await codeCell.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Código"');
    const codeLines = await codeCell.evaluate((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      return range.getClientRects().length;
    });
    expect(codeLines).toBe(1);
    await expectAccessible(page, '/mis-tickets with results at 390 px');
    await page.screenshot({ path: '/tmp/portal-mine-phone.png', fullPage: true });

    await page.goto(`${base}/t/TK-ZZZZZZZZ`);
    expect(await page.textContent('main')).toContain('No existe un ticket con ese código.');
    await expectAccessible(page, 'unknown ticket');
    await page.goto(`${base}/esta-pagina-no-existe`);
    await expectAccessible(page, 'error page');

    expect(foreign).toEqual([]);
  });

  it('shows the directory’s Spanish message for an unknown DNI and server errors next to the fields', async () => {
    const { page, foreign } = await open();
    await page.goto(`${base}/`);
    await page.locator('#dni').pressSequentially('00000001');
    await expect.poll(() => page.locator('#dni-status').textContent()).toContain('No encontramos ese DNI');
    expect(await page.locator('#dni').getAttribute('aria-invalid')).toBe('true');

    await page.locator('#description').fill('corta');
    await Promise.all([page.waitForURL(`${base}/tickets`), page.locator('#ticket-submit').click()]);
    expect(await page.locator('#form-errors').textContent()).toContain('Revise los campos marcados');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('form-errors');
    expect(await page.locator('#categoryId-error').textContent()).toBe('Este campo es obligatorio.');
    expect(await page.locator('#description').inputValue()).toBe('corta');
    await expectAccessible(page, 'home with errors');
    await page.screenshot({ path: '/tmp/portal-home-errors.png', fullPage: true });
    expect(foreign).toEqual([]);
  });

  it('looks the DNI up on Enter in the DNI field, and sends the form on Enter in the phone field', async () => {
    const someone = await buildStaff(t.database, { firstName: 'Rocío', lastName: 'Vargas Llosa' });
    const { page, foreign } = await open();
    await page.goto(`${base}/`);
    await page.locator('#dni').fill(someone.dni);
    await page.locator('#dni-status').waitFor();
    await page.locator('#dni').press('Enter');
    await expect.poll(() => page.locator('#dni-status').textContent()).toContain('Rocío V. L.');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.selectOption('#categoryId', { label: 'Otros' });
    await page.locator('#description').fill('El proyector de la sala de reuniones no enciende.');
    await page.locator('#contactPhone').fill('945123456');
    await Promise.all([page.waitForURL(/\/confirmacion$/), page.locator('#contactPhone').press('Enter')]);
    expect(await page.locator('.ticket-code').textContent()).toMatch(/TK-/);
    expect(foreign).toEqual([]);
  });

  it('works without JavaScript: "Verificar DNI" shows name and office, then the ticket is filed', async () => {
    const { page, foreign } = await open({ javaScriptEnabled: false });
    await page.goto(`${base}/`);
    await page.locator('#dni').fill(secondPerson.dni);
    await page.locator('#description').fill('No hay internet en toda la oficina desde las 8.');
    await Promise.all([page.waitForURL(`${base}/tickets`), page.getByRole('button', { name: 'Verificar DNI' }).click()]);
    expect(await page.locator('#dni-status').textContent()).toContain('Pedro S. R.');
    expect(await page.locator('#description').inputValue()).toBe('No hay internet en toda la oficina desde las 8.');
    await page.selectOption('#categoryId', { label: 'Internet y red' });
    await Promise.all([page.waitForURL(/\/confirmacion$/), page.getByRole('button', { name: 'Enviar ticket' }).click()]);
    const code = (await page.locator('.ticket-code').textContent())?.trim() as string;
    expect(code).toMatch(/^TK-/);
    // Without JavaScript there is nothing to copy with: the button stays hidden.
    expect(await page.getByRole('button', { name: 'Copiar' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Ver el estado del ticket' }).click();
    expect(await page.locator('ol.timeline').textContent()).toContain('Registrado');
    expect(foreign).toEqual([]);
  });

  it('fits a 390 px phone screen without sideways scrolling, in Spanish and in English', async () => {
    const { page, foreign } = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.goto(`${base}/`);
    await page.screenshot({ path: '/tmp/portal-home-phone.png', fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'home on a phone');
    await page.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Report an IT problem');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const someone = await buildStaff(t.database);
    const category = await t.database.db.selectFrom('categories').select(['id']).where('name', '=', 'Impresoras').executeTakeFirstOrThrow();
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: someone.dni, categoryId: category.id, description: 'El escáner no aparece en la red.' } });
    const code = filed.json().code as string;
    await page.goto(`${base}/t/${code}`);
    expect(await page.locator('ol.timeline').textContent()).toContain('Registered');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/portal-tracking-phone-en.png', fullPage: true });
    await expectAccessible(page, 'tracking on a phone, English');
    expect(foreign).toEqual([]);
  });
});

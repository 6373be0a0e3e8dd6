/**
 * "¿Qué equipo?" in real Chromium: once the DNI finds the person, the list offers their
 * equipment and their office's; choosing one files the ticket about it; "Otro" shows the typed
 * code; a scanned label (`/a/{code}`) opens the form with the asset chosen. Checked with axe-core;
 * nothing loaded from another host. Screenshots in /tmp/asset-picker-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildOffice, buildStaff } from '../helpers/factories';
import { insertAsset } from '../../src/equipment/assets.repository';
import { ChromiumSession, expectAccessible } from './browser';

describe('the ticket form’s asset list in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let person: { id: number; dni: string };
  let officeId: number;

  const asset = (code: string, description: string, custodianStaffId: number | null, office = officeId) =>
    insertAsset(t.database.db, t.database.dialect, code, { description, brand: null, model: null, serial: null, officeId: office, custodianStaffId, active: true }, Date.now());

  beforeAll(async () => {
    t = await startTestApp('sqlite', { config: { ticketFloodMinutes: 0 } });
    await buildCategory(t.database, { name: 'Otros', sortOrder: 0, isOther: true });
    await buildCategory(t.database, { name: 'Computadoras', sortOrder: 1 });
    officeId = (await buildOffice(t.database, { name: 'Subgerencia de Logística' })).id;
    person = await buildStaff(t.database, { firstName: 'María Elena', lastName: 'Huamán Quispe', officeId });
    const colleague = await buildStaff(t.database, { officeId });
    await asset('740899500011', 'Laptop Lenovo ThinkPad', person.id);
    await asset('740899500012', 'Impresora de la oficina', null);
    await asset('740899500013', 'PC de escritorio', colleague.id);
    await asset('740899500099', 'Proyector del auditorio', null, (await buildOffice(t.database)).id);
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  const open = () => chromium.open({ viewport: { width: 412, height: 915 }, locale: 'es-PE', isMobile: true });

  const assetOf = async (ticketCode: string) =>
    (await t.database.db.selectFrom('tickets').leftJoin('assets', 'assets.id', 'tickets.asset_id').select('assets.code').where('tickets.code', '=', ticketCode).executeTakeFirstOrThrow()).code;

  it("lists the person's equipment once the DNI is found, and files the ticket about the one chosen", async () => {
    const { page, foreign } = await open();
    await page.goto(`${base}/`);
    const typedGroup = page.locator('#assetCode-group');
    // Before the DNI: only "none" and "other"; the typed code hidden until "other" is chosen.
    expect(await page.locator('#assetChoice option').count()).toBe(2);
    expect(await typedGroup.isVisible()).toBe(false);

    await page.locator('#dni').pressSequentially(person.dni, { delay: 20 });
    await expect.poll(() => page.locator('#assetChoice optgroup').count()).toBe(2);
    expect(await page.locator('#assetChoice optgroup[label="A su cargo"] option').allTextContents()).toEqual(['Laptop Lenovo ThinkPad · 740899500011']);
    expect(await page.locator('#assetChoice optgroup[label="De su oficina"] option').allTextContents()).toEqual(['Impresora de la oficina · 740899500012', 'PC de escritorio · 740899500013']);
    expect(await page.locator('#assetChoice').textContent()).not.toContain('Proyector');
    expect(await page.locator('#assetChoice-help').textContent()).toContain('Elija el equipo que falla');
    await expectAccessible(page, 'form with the asset list');
    await page.screenshot({ path: '/tmp/asset-picker-list.png', fullPage: true });

    await page.selectOption('#assetChoice', '740899500012');
    expect(await typedGroup.isVisible()).toBe(false);
    await page.selectOption('#categoryId', { label: 'Computadoras' });
    await page.locator('#description').fill('La impresora de la oficina no imprime en color.');
    await page.locator('#ticket-submit').click();
    await page.waitForURL(/\/confirmacion$/);
    const code = /\/t\/(TK-[0-9A-Z]{8})\//.exec(page.url())![1]!;
    expect(await assetOf(code)).toBe('740899500012');
    expect(foreign).toEqual([]);
  });

  it('shows the code field for "Otro" and files with the typed code', async () => {
    const { page } = await open();
    await page.goto(`${base}/`);
    await page.locator('#dni').pressSequentially(person.dni, { delay: 20 });
    await expect.poll(() => page.locator('#assetChoice optgroup').count()).toBe(2);
    await page.selectOption('#assetChoice', 'other');
    await expect.poll(() => page.locator('#assetCode').isVisible()).toBe(true);
    await page.locator('#assetCode').fill('7408-9950-0013');
    await page.selectOption('#categoryId', { label: 'Computadoras' });
    await page.locator('#description').fill('La PC se reinicia sola cada media hora.');
    await page.locator('#ticket-submit').click();
    await page.waitForURL(/\/confirmacion$/);
    expect(await assetOf(/\/t\/(TK-[0-9A-Z]{8})\//.exec(page.url())![1]!)).toBe('740899500013');
  });

  it('opens from a scanned label with the asset chosen, and keeps it when the DNI fills the list in', async () => {
    const { page } = await open();
    await page.goto(`${base}/a/740899500099`);
    expect(await page.locator('#assetChoice').inputValue()).toBe('740899500099');
    await page.locator('#dni').pressSequentially(person.dni, { delay: 20 });
    await expect.poll(() => page.locator('#assetChoice optgroup').count()).toBe(2);
    // The label's asset is from another office: it stays offered, and chosen.
    expect(await page.locator('#assetChoice').inputValue()).toBe('740899500099');
    await page.screenshot({ path: '/tmp/asset-picker-label.png', fullPage: true });
    await page.selectOption('#categoryId', { label: 'Computadoras' });
    await page.locator('#description').fill('El proyector del auditorio no enciende.');
    await page.locator('#ticket-submit').click();
    await page.waitForURL(/\/confirmacion$/);
    expect(await assetOf(/\/t\/(TK-[0-9A-Z]{8})\//.exec(page.url())![1]!)).toBe('740899500099');
  });

  it('works without JavaScript: "Verificar DNI" brings the list back from the server', async () => {
    const context = await chromium.context({ javaScriptEnabled: false, locale: 'es-PE' });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.locator('#dni').fill(person.dni);
    await page.locator('#dni-lookup').click();
    await page.waitForLoadState('load');
    expect(await page.locator('#assetChoice optgroup[label="A su cargo"] option').allTextContents()).toEqual(['Laptop Lenovo ThinkPad · 740899500011']);
    await page.selectOption('#assetChoice', '740899500011');
    await page.selectOption('#categoryId', { label: 'Computadoras' });
    await page.locator('#description').fill('La laptop no reconoce el cargador.');
    await page.locator('#ticket-submit').click();
    await page.waitForURL(/\/confirmacion$/);
    expect(await assetOf(/\/t\/(TK-[0-9A-Z]{8})\//.exec(page.url())![1]!)).toBe('740899500011');
  });
});

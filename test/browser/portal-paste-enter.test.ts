/**
 * Two small portal behaviours in Chromium: a paste longer than the description's 4,000 characters
 * is announced (the browser cuts it silently), and without JavaScript Enter in the phone field
 * sends the form instead of "Verificar DNI".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildStaff } from '../helpers/factories';
import { launchBrowser, listen } from './browser';

describe('portal paste warning and Enter without JavaScript', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let dni: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await buildCategory(t.database, { name: 'Impresoras', sortOrder: 1 });
    dni = (await buildStaff(t.database, { firstName: 'Rosa', lastName: 'Quispe Mamani' })).dni;
    base = await listen(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('says that a pasted text over 4,000 characters was cut, and says nothing for one that fits', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const paste = (text: string) =>
      page.evaluate((value) => {
        const area = document.getElementById('description') as HTMLTextAreaElement;
        area.focus();
        const data = new DataTransfer();
        data.setData('text/plain', value);
        area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, text);
    await paste('La impresora no imprime.');
    await expect.poll(() => page.locator('#description-cut').isHidden()).toBe(true);
    await paste('x'.repeat(4500));
    await expect.poll(() => page.locator('#description-cut').textContent()).toContain('El texto pegado tenía 4500 caracteres y solo caben 4000');
    await context.close();
  });

  it('without JavaScript, Enter in the phone field sends the ticket', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.fill('#dni', dni);
    await page.selectOption('#categoryId', { label: 'Impresoras' });
    await page.fill('#description', 'La impresora del segundo piso no imprime.');
    await page.fill('#contactPhone', '987654321');
    await Promise.all([page.waitForURL(/\/t\/TK-[0-9A-Z]{8}\/confirmacion$/), page.press('#contactPhone', 'Enter')]);
    await context.close();
  });
});

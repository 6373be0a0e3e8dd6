/**
 * Two small portal behaviours in Chromium: a paste longer than a text box's limit is announced
 * (the browser cuts it silently) — the description's 4,000 characters, the assistant's 1,000, the
 * tracking page's answer and reopen boxes — and without JavaScript Enter in the phone field sends
 * the form instead of "Verificar DNI".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildStaff, buildTicket } from '../helpers/factories';
import { NOTE_MAX } from '../../src/tickets/state-machine';
import { ChromiumSession } from './browser';

describe('portal paste warning and Enter without JavaScript', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let dni: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await buildCategory(t.database, { name: 'Impresoras', sortOrder: 1 });
    dni = (await buildStaff(t.database, { firstName: 'Rosa', lastName: 'Quispe Mamani' })).dni;
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  /** A paste as the browser fires it (the default action, which inserts and cuts the text, is not what is tested). */
  const pasteInto = (page: Page, id: string, text: string) =>
    page.evaluate(
      ([fieldId, value]) => {
        const area = document.getElementById(fieldId!) as HTMLTextAreaElement;
        area.focus();
        const data = new DataTransfer();
        data.setData('text/plain', value!);
        area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      [id, text],
    );

  it('says that a pasted text over 4,000 characters was cut, and says nothing for one that fits', async () => {
    const context = await chromium.context({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const paste = (text: string) => pasteInto(page, 'description', text);
    await paste('La impresora no imprime.');
    await expect.poll(() => page.locator('#description-cut').isHidden()).toBe(true);
    await paste('x'.repeat(4500));
    await expect.poll(() => page.locator('#description-cut').textContent()).toContain('El texto pegado tenía 4500 caracteres y solo caben 4000');
    await context.close();
  });

  it('the assistant, the answer and the reopen boxes say so too, in the page language', async () => {
    const context = await chromium.context({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.click('#assistant-open');
    await pasteInto(page, 'assistant-input', 'No puedo imprimir.');
    await expect.poll(() => page.locator('#assistant-cut').isHidden()).toBe(true);
    await pasteInto(page, 'assistant-input', 'y'.repeat(1200));
    await expect.poll(() => page.locator('#assistant-cut').textContent()).toBe('El texto pegado tenía 1200 caracteres y solo caben 1000: se cortó el final. Revise el final del texto.');
    await page.locator('#assistant-input').fill('No puedo imprimir.');
    await page.press('#assistant-input', 'Enter');
    await expect.poll(() => page.locator('#assistant-cut').isHidden()).toBe(true);

    const open = await buildTicket(t.database, { staffId: (await buildStaff(t.database)).id });
    await page.goto(`${base}/t/${open.code}?lang=en`);
    await pasteInto(page, 'answer-text', 'z'.repeat(NOTE_MAX + 10));
    await expect.poll(() => page.locator('#answer-cut').textContent()).toBe(`The pasted text had ${NOTE_MAX + 10} characters and only ${NOTE_MAX} fit: its end was cut. Check the end of the text.`);

    const resolved = await buildTicket(t.database, { status: 'resolved' });
    await page.goto(`${base}/t/${resolved.code}?lang=es`);
    await pasteInto(page, 'reopen-reason', 'Sigue sin funcionar.');
    await expect.poll(() => page.locator('#reopen-cut').isHidden()).toBe(true);
    await pasteInto(page, 'reopen-reason', 'w'.repeat(NOTE_MAX + 1));
    await expect.poll(() => page.locator('#reopen-cut').textContent()).toContain(`tenía ${NOTE_MAX + 1} caracteres y solo caben ${NOTE_MAX}`);
    await context.close();
  });

  it('without JavaScript, Enter in the phone field sends the ticket', async () => {
    const context = await chromium.context({ javaScriptEnabled: false, viewport: { width: 1366, height: 900 } });
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

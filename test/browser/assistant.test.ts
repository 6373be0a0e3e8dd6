/**
 * The assistant widget in real Chromium: a question the FAQ answers gets numbered steps; one it
 * does not gets "Crear ticket", which fills the portal form with a sanitized summary. Keyboard
 * and screen-reader behaviour (focus in and back, Escape, announced replies), axe-core with the
 * dialog open, a phone and a desktop screenshot in /tmp/assistant-*.png, and no foreign requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { loginInBrowser } from '../helpers/auth';
import { ChromiumSession, DESKTOP, expectAccessible } from './browser';
import { DEMO_FAQS } from '../../src/demo/faqs';
import { insertFaq } from '../../src/assistant/faqs.repository';

describe('assistant widget in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const categories = new Map<string, number>();
    let order = 1;
    for (const name of new Set(DEMO_FAQS.map((f) => f.category).filter((c): c is string => !!c))) {
      categories.set(name, (await buildCategory(t.database, { name, sortOrder: order++, isOther: name === 'Otros' })).id);
    }
    for (const f of DEMO_FAQS) {
      await insertFaq(t.database.db, 'sqlite', { ...f, categoryId: f.category ? categories.get(f.category)! : null, active: true }, Date.now());
    }
    await insertFaq(
      t.database.db,
      'sqlite',
      {
        question: 'Prueba de seguridad del lector de respuestas',
        answer: '1. Texto <img src=x onerror="window.__xss=1"> literal\n2. [enlace](javascript:window.__xss=2)',
        keywords: 'zzprueba',
        categoryId: null,
        active: true,
      },
      Date.now(),
    );
    const office = await buildOffice(t.database, { name: 'Subgerencia de Logística' });
    await buildStaff(t.database, { firstName: 'Rosa', lastName: 'Quispe Mamani', officeId: office.id });
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  async function open(viewport = DESKTOP) {
    const opened = await chromium.open({ viewport, locale: 'es-PE' });
    await opened.page.goto(`${base}/`);
    return opened;
  }

  const lastBot = (page: Page) => page.locator('.assistant-msg-bot[data-source]').last();

  async function ask(page: Page, question: string, count: number) {
    await page.locator('#assistant-input').fill(question);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.assistant-msg-bot[data-source]').count()).toBe(count);
  }

  it('answers a FAQ question with steps, and fills the ticket form when it cannot help', async () => {
    const { page, foreign } = await open();
    const opener = page.locator('#assistant-open');
    await expect.poll(() => opener.isVisible()).toBe(true);
    await opener.click();
    await expect.poll(() => page.locator('#assistant-dialog').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('assistant-input');

    await ask(page, 'mi impresora no imprime nada', 1);
    const steps = lastBot(page).locator('ol > li');
    expect(await steps.count()).toBeGreaterThanOrEqual(4);
    expect(await steps.first().textContent()).toContain('Verifique que la impresora esté encendida');
    expect(await lastBot(page).getAttribute('data-source')).toBe('faq');
    await expectAccessible(page, 'home with the assistant open');
    await page.screenshot({ path: '/tmp/assistant-desktop.png' });

    await lastBot(page).getByRole('button', { name: 'Sí' }).click();
    await expect.poll(() => lastBot(page).textContent()).toContain('Gracias');
    await expect.poll(async () => (await t.database.db.selectFrom('assistant_interactions').select('helpful').where('helpful', 'is not', null).execute()).length).toBe(1);

    await ask(page, 'el sistema de planillas de Rosa Quispe calcula mal mis horas extra', 2);
    expect(await lastBot(page).getAttribute('data-source')).toBe('none');
    await lastBot(page).getByRole('button', { name: 'Crear ticket' }).click();
    await expect.poll(() => page.locator('#assistant-dialog').isVisible()).toBe(false);
    const description = await page.locator('#description').inputValue();
    expect(description).toContain('Consulta previa al asistente virtual:');
    expect(description).toContain('- el sistema de planillas de [NOMBRE] calcula mal mis horas extra');
    expect(description).not.toContain('Rosa');
    expect(await page.locator('#assistant-filled').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dni');
    await page.screenshot({ path: '/tmp/assistant-filled-desktop.png', fullPage: true });
    expect(foreign).toEqual([]);
  });

  it('closes with Escape, returns focus to the button, and keeps Tab inside the dialog', async () => {
    const { page } = await open();
    await page.locator('#assistant-open').click();
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('#assistant-dialog'))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#assistant-dialog').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('assistant-open');
  });

  it('shows HTML and script links in an answer as text, never running them', async () => {
    const { page } = await open();
    await page.locator('#assistant-open').click();
    await ask(page, 'zzprueba lector de respuestas', 1);
    expect(await lastBot(page).textContent()).toContain('<img src=x onerror="window.__xss=1">');
    expect(await lastBot(page).locator('img, a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('gives admins accessible FAQ and assistant pages, with the answer previewed as formatted steps', async () => {
    const admin = await buildUser(t.database, { role: 'admin' });
    const { page } = await open();
    await loginInBrowser(page, base, admin, '/staff/admin/faqs');
    await page.goto(`${base}/staff/admin/faqs`);
    expect(await page.locator('table tbody tr').count()).toBe(DEMO_FAQS.length + 1);
    await expectAccessible(page, 'FAQ list');
    await page.getByRole('link', { name: 'Editar Olvidé mi contraseña', exact: true }).click();
    expect(await page.locator('.faq-preview ol > li').count()).toBeGreaterThanOrEqual(3);
    await expectAccessible(page, 'FAQ edit');
    await page.screenshot({ path: '/tmp/assistant-admin-faq.png', fullPage: true });
    await page.fill('#question', 'Olvidé mi contraseña de Windows');
    await Promise.all([page.waitForURL(/done=saved/), page.click('form[action^="/staff/admin/faqs/"] button[type="submit"]')]);
    expect(await page.locator('.faq-preview .fw-bold').textContent()).toBe('Olvidé mi contraseña de Windows');
    await page.goto(`${base}/staff/admin/assistant`);
    await expectAccessible(page, 'assistant admin');
    await page.screenshot({ path: '/tmp/assistant-admin-models.png', fullPage: true });
  });

  it('fills the whole screen on a phone and stays accessible', async () => {
    const { page } = await open({ width: 390, height: 844 });
    await page.locator('#assistant-open').click();
    await ask(page, 'la compu está lentísima', 1);
    const box = await page.locator('#assistant-dialog').boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'phone with the assistant open');
    await page.screenshot({ path: '/tmp/assistant-phone.png' });
  });
});

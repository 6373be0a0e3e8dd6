/**
 * What a newcomer sees on the public portal (issue 16), in real Chromium with an English
 * browser (Accept-Language: en): the page's scripts fetch messages in the page's language, the
 * English assistant names the English button, and the form keeps what was typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildOffice, buildStaff } from '../helpers/factories';
import { launchBrowser, listen } from './browser';

describe('the portal as a newcomer sees it', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let person: { dni: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await buildCategory(t.database, { name: 'Otros', sortOrder: 0, isOther: true });
    await buildCategory(t.database, { name: 'Impresoras', sortOrder: 1 });
    const office = await buildOffice(t.database, { name: 'Subgerencia de Logística' });
    person = await buildStaff(t.database, { firstName: 'Rosa', lastName: 'Quispe Mamani', officeId: office.id });
    base = await listen(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
  });

  /** A browser set to English, as some of the institution's PCs are. */
  async function englishBrowser(viewport = { width: 1366, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    contexts.push(context);
    return context.newPage();
  }

  async function askAssistant(page: Page, question: string): Promise<string> {
    const opener = page.locator('#assistant-open');
    await expect.poll(() => opener.isVisible()).toBe(true);
    await opener.click();
    await page.locator('#assistant-input').fill(question);
    await page.keyboard.press('Enter');
    const bot = page.locator('.assistant-msg-bot[data-source]').last();
    await expect.poll(() => bot.count()).toBe(1);
    return (await bot.textContent()) ?? '';
  }

  it('fetches the DNI check and the assistant reply in the Spanish page language under an English browser', async () => {
    const page = await englishBrowser();
    await page.goto(`${base}/`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await page.locator('#dni').pressSequentially('99999999');
    const status = page.locator('#dni-status');
    await expect.poll(() => status.textContent()).toContain('No encontramos ese DNI');
    expect(await status.textContent()).not.toContain('That DNI');

    const reply = await askAssistant(page, 'el proyector de la sala de reuniones no enciende');
    expect(reply).toContain('Crear ticket');
    expect(reply).not.toMatch(/I could not|button/);
    expect(await page.locator('.assistant-msg-bot[data-source]').last().getAttribute('lang')).toBe('es');
  });

  it('speaks English throughout an English page, naming the English "Create ticket" button', async () => {
    const page = await englishBrowser();
    await page.goto(`${base}/?lang=en`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.locator('#dni').pressSequentially('99999999');
    await expect.poll(() => page.locator('#dni-status').textContent()).toContain('That DNI is not in the staff directory');
    const reply = await askAssistant(page, 'the meeting room projector does not turn on');
    expect(reply).toContain('Create ticket');
    expect(reply).not.toContain('Crear ticket');
    const bubble = page.locator('.assistant-msg-bot[data-source]').last();
    expect(await bubble.getAttribute('lang')).toBe('en');
    await expect.poll(() => bubble.getByRole('button', { name: 'Create ticket' }).count()).toBe(1);
  });
});

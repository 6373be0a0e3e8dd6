/**
 * What a newcomer sees on the public portal (issue 16), in real Chromium with an English
 * browser (Accept-Language: en): the page's scripts fetch messages in the page's language, the
 * English assistant names the English button, and the form keeps what was typed.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildOffice, buildStaff } from '../helpers/factories';
import { ChromiumSession, listen } from './browser';

const SHOTS = '/tmp/shots-16';

describe('the portal as a newcomer sees it', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await buildCategory(t.database, { name: 'Otros', sortOrder: 0, isOther: true });
    await buildCategory(t.database, { name: 'Impresoras', sortOrder: 1 });
    const office = await buildOffice(t.database, { name: 'Subgerencia de Logística' });
    await buildStaff(t.database, { firstName: 'Rosa', lastName: 'Quispe Mamani', officeId: office.id });
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  /** A browser set to English, as some of the institution's PCs are. */
  async function englishBrowser(viewport = { width: 1366, height: 900 }): Promise<Page> {
    const context = await chromium.context({ viewport, locale: 'en-US' });
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

  it('shows the lookup limit on the form, with everything typed kept, when filing reaches it', async () => {
    const limited = await startTestApp('sqlite', { env: { DIRECTORY_LOOKUPS_PER_MINUTE: '1' } });
    try {
      const category = await buildCategory(limited.database, { name: 'Impresoras', sortOrder: 1 });
      const office = await buildOffice(limited.database, { name: 'Subgerencia de Logística' });
      const filer = await buildStaff(limited.database, { firstName: 'Rosa', lastName: 'Quispe Mamani', officeId: office.id });
      const limitedBase = await listen(limited);
      const page = await englishBrowser({ width: 390, height: 844 });
      await page.goto(`${limitedBase}/`);
      // The automatic DNI check spends the one lookup of the minute…
      await page.locator('#dni').pressSequentially(filer.dni);
      await expect.poll(() => page.locator('#dni-status').textContent()).toContain('Rosa Q. M.');
      await page.selectOption('#categoryId', String(category.id));
      const description = 'La impresora del tercer piso imprime con rayas negras 🖨️ desde el lunes.';
      await page.locator('#description').fill(description);
      await page.locator('#contactPhone').fill('987 654 321');
      // …so sending the form reaches the limit: the form comes back with the reason, nothing lost.
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/tickets') && r.request().method() === 'POST'), page.locator('#ticket-submit').click()]);
      expect(response.status()).toBe(429);
      await page.waitForLoadState('domcontentloaded');
      expect(await page.locator('#form-notice').textContent()).toMatch(/Se hicieron muchas consultas de DNI desde su red.*Espere \d+ segundos/);
      expect(await page.locator('#dni').inputValue()).toBe(filer.dni);
      expect(await page.locator('#categoryId').inputValue()).toBe(String(category.id));
      expect(await page.locator('#description').inputValue()).toBe(description);
      expect(await page.locator('#contactPhone').inputValue()).toBe('987 654 321');
      expect(await limited.database.db.selectFrom('tickets').select('id').execute()).toEqual([]);
      await page.screenshot({ path: '/tmp/shots-16/portal-lookup-limit-390.png', fullPage: true });
    } finally {
      await limited.close();
    }
  });
  it('gives every label of the filing form the same weight, the attachments too', async () => {
    const page = await englishBrowser();
    await page.goto(`${base}/`);
    const weights = await page
      .locator('#ticket-form label.form-label')
      .evaluateAll((labels) => labels.filter((l) => (l as HTMLElement).offsetParent !== null).map((l) => `${l.getAttribute('for')}: ${getComputedStyle(l).fontWeight}`));
    expect(weights.map((w) => w.split(': ')[0])).toEqual(expect.arrayContaining(['dni', 'categoryId', 'description', 'attachments']));
    expect(new Set(weights.map((w) => w.split(': ')[1])), weights.join(', ')).toEqual(new Set(['600']));
    // "(opcional)" reads as an aside in every label that has one, the equipment's, phone's and attachments' alike.
    const asides = await page.locator('#ticket-form label').evaluateAll((labels) =>
      labels
        .filter((l) => (l as HTMLElement).offsetParent !== null && /\((optional|opcional)/.test(l.textContent ?? ''))
        .map((l) => {
          const aside = Array.from(l.querySelectorAll('span')).find((s) => /^\((optional|opcional)/.test(s.textContent ?? ''));
          return `${l.getAttribute('for')}: ${aside ? getComputedStyle(aside).fontWeight : 'bold with its name'}`;
        }),
    );
    expect(asides.map((a) => a.split(': ')[0])).toEqual(expect.arrayContaining(['contactPhone', 'attachments']));
    expect(new Set(asides.map((a) => a.split(': ')[1])), asides.join(', ')).toEqual(new Set(['400']));
  });

  it('takes screenshots of the portal pages at 390 px and 1366 px, in Spanish and English', { timeout: 180_000 }, async () => {
    mkdirSync(SHOTS, { recursive: true });
    const person = await t.database.db.selectFrom('staff').select('dni').executeTakeFirstOrThrow();
    const category = await t.database.db.selectFrom('categories').select('id').where('is_other', '=', 0).executeTakeFirstOrThrow();
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { dni: person.dni, categoryId: category.id, description: 'La impresora del tercer piso imprime con rayas negras desde el lunes.' },
    });
    const code = filed.json().code as string;
    const pages: [string, string][] = [
      ['portal-home', '/'],
      ['portal-confirmation', `/t/${code}/confirmacion`],
      ['portal-tracking', `/t/${code}`],
      ['portal-track-form', '/t'],
      ['portal-my-tickets', '/mis-tickets'],
      ['portal-not-found', '/no-existe'],
      ['login', '/login'],
    ];
    for (const [viewport, label] of [
      [{ width: 1366, height: 768 }, '1366'],
      [{ width: 390, height: 844 }, '390'],
    ] as const) {
      for (const lang of ['es', 'en'] as const) {
        const page = await englishBrowser(viewport);
        for (const [name, url] of pages) {
          await page.goto(`${base}${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
          expect(await page.locator('html').getAttribute('lang'), url).toBe(lang);
          // Nothing wider than the screen: no sideways scrolling on a phone.
          expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(viewport.width);
          await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${label}.png`, fullPage: true });
        }
      }
    }
  });
});

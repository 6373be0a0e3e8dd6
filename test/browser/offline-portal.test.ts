/**
 * The offline-first portal (issue 20) in real Chromium with the network switched off
 * (`context.setOffline`): installable (manifest, icons, service worker — Chromium's own
 * installability check), the form and the assistant with no network, a ticket filed offline kept
 * as "pendiente de envío" and sent exactly once (reloads, two tabs, an answer lost when the link
 * dropped), tracking pages saved on the device, a new release replacing the cache, and the form
 * without JavaScript. Screenshots at 390 px go to /tmp/offline-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildOffice, buildStaff } from '../helpers/factories';
import { DEMO_FAQS } from '../../src/demo/faqs';
import { insertFaq } from '../../src/assistant/faqs.repository';
import { ChromiumSession, listen, recordForeignRequests, seriousAxeViolations } from './browser';
import { startOfflineProxy, type OfflineProxy } from './offline-proxy';
import { photoWithGps } from '../helpers/attachments';
import { countRows } from '../helpers/databases';

describe('offline-first portal in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let proxy: OfflineProxy;
  let base: string;
  let dni: string;
  const extraApps: TestApp[] = [];

  beforeAll(async () => {
    // One person files several tickets here, minutes apart at most: no flood guard.
    t = await startTestApp('sqlite', { release: 'release-a', config: { ticketFloodMinutes: 0 } });
    const categories = new Map<string, number>();
    let order = 1;
    for (const name of new Set(DEMO_FAQS.map((f) => f.category).filter((c): c is string => !!c))) {
      categories.set(name, (await buildCategory(t.database, { name, sortOrder: order++, isOther: name === 'Otros' })).id);
    }
    for (const f of DEMO_FAQS) await insertFaq(t.database.db, 'sqlite', { ...f, categoryId: f.category ? categories.get(f.category)! : null, active: true }, Date.now());
    const office = await buildOffice(t.database, { name: 'Subgerencia de Logística' });
    dni = (await buildStaff(t.database, { firstName: 'Rosa', lastName: 'Quispe Mamani', officeId: office.id })).dni;
    proxy = await startOfflineProxy(await listen(t));
    base = proxy.base;
    chromium = await ChromiumSession.start(base);
  });
  afterAll(async () => {
    await chromium?.close();
    await proxy?.close();
    for (const a of extraApps) await a.close();
    await t?.close();
  });

  const ticketCount = () => countRows(t.database.db, 'tickets');

  async function newContext(): Promise<BrowserContext> {
    const context = await chromium.context({ viewport: { width: 390, height: 844 }, locale: 'es-PE' });
    return context;
  }

  /** Opens the portal and waits until its service worker controls the page and has cached the shell. */
  async function installed(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
    return page;
  }

  async function fillForm(page: Page, description: string) {
    await page.locator('#dni').fill(dni);
    await page.selectOption('#categoryId', { label: 'Impresoras' });
    await page.locator('#description').fill(description);
    await page.locator('#contactPhone').fill('987 654 321');
  }

  const outboxEntries = (page: Page) =>
    page.evaluate(
      () =>
        new Promise<unknown[]>((resolve, reject) => {
          const open = indexedDB.open('itims-portal');
          open.onsuccess = () => {
            const req = open.result.transaction('outbox').objectStore('outbox').getAll();
            req.onsuccess = () => resolve(req.result as unknown[]);
            req.onerror = () => reject(req.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );

  it('is installable, and after one visit opens, fills categories and answers with no network', async () => {
    const context = await newContext();
    const page = await installed(context);
    const foreign = recordForeignRequests(page, base);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    // Test contexts are incognito, where Chromium never offers to install; nothing else may be missing.
    expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
    const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
    expect(manifest).toMatchObject({ name: 'Mesa de ayuda de TI (ITIMS)', short_name: 'Mesa de ayuda', start_url: '/', display: 'standalone', lang: 'es-PE' });
    const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of icons) {
      const size = await page.evaluate(async (src) => {
        const bitmap = await createImageBitmap(await (await fetch(src)).blob());
        return `${bitmap.width}x${bitmap.height}`;
      }, icon.src);
      expect(size).toBe(icon.sizes);
    }
    const cacheNames = await page.evaluate(() => caches.keys());
    expect(cacheNames.filter((n) => n.startsWith('itims-shell-'))).toHaveLength(1);

    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.title()).toContain('Reportar un problema de TI');
    expect(await page.locator('#offline-status').isVisible()).toBe(true);
    const options = await page.locator('#categoryId option').allTextContents();
    expect(options).toContain('Impresoras');
    expect(options.at(-1)).toBe('Otros');
    // The page's styles come from the cache too.
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.navbar-itims')!).backgroundColor)).toBe('rgb(11, 83, 148)');
    const categories = await page.evaluate(async () => (await fetch('/api/v1/categories')).json());
    expect((categories as { name: string }[]).map((c) => c.name)).toContain('Impresoras');

    // The DNI fill-in says what happens instead of waiting.
    await page.locator('#dni').fill(dni);
    await expect.poll(() => page.locator('#dni-status').textContent()).toContain('Sin conexión');

    // The assistant answers from the FAQ cached on the device, with the same retrieval as the server.
    await page.locator('#assistant-open').click();
    await page.locator('#assistant-input').fill('la impresora no imprime nada');
    await page.locator('#assistant-send').click();
    const reply = page.locator('.assistant-msg-bot[data-source="offline"]');
    await expect.poll(() => reply.count()).toBe(1);
    const online = await t.app.inject({ method: 'POST', url: '/api/v1/chat', payload: { messages: [{ role: 'user', content: 'la impresora no imprime nada' }] } });
    const serverReply = (online.json() as { reply: string }).reply;
    const firstLine = serverReply
      .split('\n')
      .find((l) => l.trim())!
      .replace(/[*_`]/g, '')
      .replace(/^\d+\.\s*/, '')
      .trim();
    expect(await reply.textContent()).toContain(firstLine.slice(0, 40));
    expect(await reply.textContent()).toContain('Sin conexión');
    await page.screenshot({ path: '/tmp/offline-assistant-390.png', fullPage: false });

    // When the network returns, "Sin conexión" goes: the DNI is looked up again and the name shown.
    await context.setOffline(false);
    await expect.poll(() => page.locator('#dni-status').textContent()).toContain('Rosa');
    expect(await page.locator('#dni-status').textContent()).not.toContain('Sin conexión');
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('keeps a ticket filed offline as "pendiente de envío" and files it exactly once when the network returns', async () => {
    const context = await newContext();
    const page = await installed(context);
    const before = await ticketCount();
    await context.setOffline(true);
    await page.reload();
    await fillForm(page, 'La impresora del segundo piso no imprime desde esta mañana.');
    await page.locator('#ticket-submit').click();
    const item = page.locator('#outbox .outbox-item');
    await expect.poll(() => item.getAttribute('data-state')).toBe('pending');
    expect(await item.textContent()).toContain('Pendiente de envío');
    expect(await page.locator('#description').inputValue()).toBe('');
    const queued = (await outboxEntries(page)) as { fields?: { dni: string } }[];
    expect(queued[0]?.fields?.dni).toBe(dni);
    await page.screenshot({ path: '/tmp/offline-pending-390.png', fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Still offline, a reload keeps it (it lives in IndexedDB, not in the page).
    await page.reload();
    await expect.poll(() => item.getAttribute('data-state')).toBe('pending');
    expect(await ticketCount()).toBe(before);

    await context.setOffline(false);
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 15_000 }).toBe('sent');
    const code = (await item.locator('.outbox-code').textContent())!.trim();
    expect(code).toMatch(/^TK-[0-9A-Z]{8}$/);
    expect(await ticketCount()).toBe(before + 1);
    const row = await t.database.db.selectFrom('tickets').select(['description', 'contact_phone']).where('code', '=', code).executeTakeFirstOrThrow();
    expect(row).toEqual({ description: 'La impresora del segundo piso no imprime desde esta mañana.', contact_phone: '987654321' });
    // Once sent, only the code is left on the device: no DNI, no phone, no description.
    const left = await outboxEntries(page);
    expect(left).toHaveLength(1);
    expect(Object.keys(left[0] as object).sort()).toEqual(['code', 'createdAt', 'key', 'sentAt', 'state']);
    await page.screenshot({ path: '/tmp/offline-sent-390.png', fullPage: true });

    // Reloads and further rounds send nothing more.
    await page.reload();
    await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
    expect(await ticketCount()).toBe(before + 1);
    await page.locator('#outbox .outbox-item button').click();
    await expect.poll(() => page.locator('#outbox').isHidden()).toBe(true);
    await context.close();
  });

  const attachmentsOf = async (code: string) =>
    t.database.db
      .selectFrom('attachments')
      .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
      .select(['attachments.name', 'attachments.mime', 'attachments.size'])
      .where('tickets.code', '=', code)
      .execute();

  it('keeps a photo filed offline with its ticket on the device, and sends both once when the network returns', async () => {
    const context = await newContext();
    const page = await installed(context);
    const before = await ticketCount();
    const photo = await photoWithGps(2400, 1600, 92);
    await context.setOffline(true);
    await page.reload();
    await fillForm(page, 'La impresora muestra este error en la pantalla, adjunto la foto.');
    await page.setInputFiles('#attachments', { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('#ticket-submit').click();
    const item = page.locator('#outbox .outbox-item');
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 15_000 }).toBe('pending');
    expect(await item.locator('.outbox-files').textContent()).toContain('1 archivo');
    // The photo is on the device, shrunk there (≤ 400 KB, ≤ 1600 px), beside the ticket's key.
    const kept = await page.evaluate(
      () =>
        new Promise<{ key: string; files: { name: string; type: string; size: number; width: number }[] }[]>((resolve, reject) => {
          const open = indexedDB.open('itims-portal');
          open.onsuccess = () => {
            const req = open.result.transaction('outbox').objectStore('outbox').getAll();
            req.onsuccess = async () => {
              const rows = req.result as { key: string; files?: { name: string; type: string; blob: Blob }[] }[];
              resolve(
                await Promise.all(
                  rows.map(async (r) => ({
                    key: r.key,
                    files: await Promise.all((r.files ?? []).map(async (f) => ({ name: f.name, type: f.type, size: f.blob.size, width: (await createImageBitmap(f.blob)).width }))),
                  })),
                ),
              );
            };
            req.onerror = () => reject(req.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );
    expect(kept).toHaveLength(1);
    expect(kept[0]!.key).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(kept[0]!.files).toHaveLength(1);
    expect(kept[0]!.files[0]).toMatchObject({ name: 'IMG_2041.jpg', type: 'image/jpeg', width: 1600 });
    expect(kept[0]!.files[0]!.size).toBeLessThanOrEqual(400 * 1024);
    expect(kept[0]!.files[0]!.size).toBeLessThan(photo.length);
    // The file field is empty again, for the next ticket.
    expect(await page.locator('#attachments').evaluate((i: HTMLInputElement) => i.files?.length ?? 0)).toBe(0);
    await page.reload();
    await expect.poll(() => item.getAttribute('data-state')).toBe('pending');
    expect(await ticketCount()).toBe(before);

    await context.setOffline(false);
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
    const code = (await item.locator('.outbox-code').textContent())!.trim();
    expect(await ticketCount()).toBe(before + 1);
    const stored = await attachmentsOf(code);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ name: 'IMG_2041.jpg', mime: 'image/jpeg' });
    // Sent: the photo is gone from the device with the rest of the personal data.
    const left = await outboxEntries(page);
    expect(Object.keys(left[0] as object).sort()).toEqual(['code', 'createdAt', 'key', 'sentAt', 'state']);
    await page.reload();
    await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
    expect(await ticketCount()).toBe(before + 1);
    await context.close();
  });

  it('keeps the ticket without its photo when the device has no room for it, and says so', async () => {
    const context = await newContext();
    const page = await installed(context);
    const before = await ticketCount();
    // The browser's storage for this site holds what it has now and 100 KB more: no room for a photo.
    const cdp = await context.newCDPSession(page);
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(base).origin, quotaSize: usage + 100 * 1024 });
    await context.setOffline(true);
    await page.reload();
    await fillForm(page, 'El proyector no enciende, adjunto la foto del panel.');
    await page.setInputFiles('#attachments', { name: 'proyector.jpg', mimeType: 'image/jpeg', buffer: await photoWithGps(2400, 1600, 92) });
    await page.locator('#ticket-submit').click();
    const item = page.locator('#outbox .outbox-item');
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 15_000 }).toBe('pending');
    expect(await item.locator('.outbox-files-left-out').textContent()).toContain('No había espacio en este equipo');
    expect(await item.locator('.outbox-files').count()).toBe(0);
    await page.screenshot({ path: '/tmp/offline-no-room-390.png', fullPage: true });
    await context.setOffline(false);
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
    const code = (await item.locator('.outbox-code').textContent())!.trim();
    expect(await ticketCount()).toBe(before + 1);
    expect(await attachmentsOf(code)).toEqual([]);
    await context.close();
  });

  it('sends once with two tabs open when the network returns', async () => {
    const context = await newContext();
    const first = await installed(context);
    const second = await context.newPage();
    await second.goto(`${base}/`);
    const before = await ticketCount();
    await context.setOffline(true);
    await fillForm(first, 'El monitor parpadea y se apaga cada pocos minutos.');
    await first.locator('#ticket-submit').click();
    // The other tab hears of it at once.
    await expect.poll(() => second.locator('#outbox .outbox-item').getAttribute('data-state')).toBe('pending');
    await context.setOffline(false);
    for (const page of [first, second]) await expect.poll(() => page.locator('#outbox .outbox-item').getAttribute('data-state'), { timeout: 15_000 }).toBe('sent');
    const codes = await Promise.all([first, second].map(async (p) => (await p.locator('.outbox-code').textContent())!.trim()));
    expect(codes[0]).toBe(codes[1]);
    expect(await ticketCount()).toBe(before + 1);
    await context.close();
  });

  it('files once when the server filed it but its answer was lost as the link dropped', async () => {
    const context = await newContext();
    const page = await installed(context);
    const before = await ticketCount();
    await fillForm(page, 'No tengo internet en la computadora de mesa de partes.');
    proxy.dropAnswerOf = (req) => req.method === 'POST' && req.url === '/tickets';
    await page.locator('#ticket-submit').click();
    // The service worker kept the post and brought the person back to the form, where it is sent again with its key.
    await expect.poll(() => page.locator('#outbox .outbox-item').getAttribute('data-state'), { timeout: 15_000 }).toBe('sent');
    proxy.dropAnswerOf = null;
    expect(proxy.dropped.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.dropped)).toEqual(new Set(['POST /tickets']));
    const code = (await page.locator('.outbox-code').textContent())!.trim();
    expect(await ticketCount()).toBe(before + 1);
    const filed = await t.database.db.selectFrom('tickets').select('code').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(filed.code).toBe(code);
    await context.close();
  });

  it("files once, with its photo, when the photo went up but the filing's answer was lost as the link dropped", async () => {
    const context = await newContext();
    const page = await installed(context);
    const before = await ticketCount();
    await fillForm(page, 'El teclado no responde, adjunto la foto del equipo.');
    await page.setInputFiles('#attachments', { name: 'teclado.jpg', mimeType: 'image/jpeg', buffer: await photoWithGps(1200, 800, 90) });
    proxy.dropAnswerOf = (req) => req.method === 'POST' && req.url === '/tickets';
    await page.locator('#ticket-submit').click();
    // The post carried the photo's upload id; kept with it, the retry is the same request for the key.
    await expect.poll(() => page.locator('#outbox .outbox-item').getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
    proxy.dropAnswerOf = null;
    expect(proxy.dropped).toContain('POST /tickets');
    const code = (await page.locator('.outbox-code').textContent())!.trim();
    expect(await ticketCount()).toBe(before + 1);
    expect((await attachmentsOf(code)).map((a) => a.name)).toEqual(['teclado.jpg']);
    await context.close();
  });

  it('shows the tickets this device opened, marked as saved copies, with no network', async () => {
    const context = await newContext();
    const page = await installed(context);
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni, categoryId: 1, description: 'El proyector de la sala de reuniones no enciende.' } });
    const code = (filed.json() as { code: string }).code;
    await page.goto(`${base}/t/${code}`);
    await expect.poll(() => page.locator('h1').textContent()).toContain(code);
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.locator('#cached-copy').isVisible()).toBe(true);
    expect(await page.locator('#cached-copy').textContent()).toContain('Copia guardada en este equipo');
    expect(await page.locator('main').textContent()).toContain('El proyector de la sala de reuniones no enciende.');
    await page.screenshot({ path: '/tmp/offline-tracking-390.png', fullPage: true });
    await page.goto(`${base}/t`);
    await expect.poll(() => page.locator('#recent-tickets').isVisible()).toBe(true);
    expect(await page.locator('#recent-tickets-list a').allTextContents()).toEqual([code]);
    // A ticket this device never opened is not there (a DNI's masked list leads to none).
    await page.goto(`${base}/t/TK-ZZZZZZZZ`);
    await expect.poll(() => page.title()).toContain('Sin conexión');
    await page.screenshot({ path: '/tmp/offline-page-390.png', fullPage: true });
    await context.close();
  });

  it('replaces the cache when a new release is served', async () => {
    const context = await newContext();
    const page = await installed(context);
    const oldCaches = (await page.evaluate(() => caches.keys())).filter((n) => n.startsWith('itims-shell-'));
    expect(oldCaches).toHaveLength(1);
    const next = await startTestApp('sqlite', { release: 'release-b', database: t.database, config: { ticketFloodMinutes: 0 } });
    extraApps.push(next);
    const previous = proxy.upstream;
    proxy.upstream = await listen(next);
    try {
      await page.reload();
      await expect.poll(async () => (await page.evaluate(() => caches.keys())).filter((n) => n.startsWith('itims-shell-')), { timeout: 15_000 }).toEqual([expect.not.stringMatching(oldCaches[0]!)]);
      const newCache = (await page.evaluate(() => caches.keys())).find((n) => n.startsWith('itims-shell-'))!;
      expect(await page.evaluate(async (name) => (await (await caches.open(name)).keys()).length, newCache)).toBeGreaterThan(8);
      await context.setOffline(true);
      await page.reload();
      await expect.poll(() => page.title()).toContain('Reportar un problema de TI');
    } finally {
      proxy.upstream = previous;
    }
    await context.close();
  });

  it('on a throttled first visit (400 kbit/s, 400 ms) renders styled, and a DNI lookup slower than its timeout says so and leaves the form to send', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 });
    const blocking: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'stylesheet') blocking.push(r.url());
    });
    await page.goto(`${base}/`);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.navbar-itims')!).backgroundColor)).toBe('rgb(11, 83, 148)');
    expect(blocking).toEqual([]);
    // The directory answers after the page has stopped waiting for it (6 s).
    proxy.delayAnswerOf = (req) => (req.url?.startsWith('/api/v1/directory/') ? 9000 : 0);
    try {
      const before = await ticketCount();
      await fillForm(page, 'La computadora no enciende desde que volvió la luz.');
      await expect.poll(() => page.locator('#dni-status').textContent(), { timeout: 15_000 }).toContain('tarda demasiado');
      expect(await page.locator('#dni').getAttribute('aria-invalid')).toBeNull();
      await Promise.all([page.waitForURL(/\/t\/TK-[0-9A-Z]{8}\/confirmacion$/, { timeout: 30_000 }), page.locator('#ticket-submit').click()]);
      expect(await ticketCount()).toBe(before + 1);
    } finally {
      proxy.delayAnswerOf = null;
    }
    await context.close();
  });

  it('files a ticket without JavaScript as before', async () => {
    const context = await chromium.context({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: 'es-PE' });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(await page.locator('#outbox').isHidden()).toBe(true);
    await page.locator('#dni').fill(dni);
    await page.selectOption('#categoryId', { label: 'Impresoras' });
    await page.locator('#description').fill('El escáner de la oficina no reconoce los documentos.');
    const before = await ticketCount();
    await Promise.all([page.waitForURL(/\/t\/TK-[0-9A-Z]{8}\/confirmacion$/), page.locator('#ticket-submit').click()]);
    expect(await ticketCount()).toBe(before + 1);
    await context.close();
  });
});

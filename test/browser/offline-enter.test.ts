/**
 * The service worker and Enter with only the DNI typed (`action=enter`, which the server treats as
 * a lookup): when the network drops that post, it is not kept in the outbox as a filing (it would
 * be refused later for its missing fields) — the browser gets the offline page, as for
 * "Verificar DNI". The post is sent as a page without its script would send it (`form.submit()`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildStaff } from '../helpers/factories';
import { ChromiumSession, listen } from './browser';
import { startOfflineProxy, type OfflineProxy } from './offline-proxy';

describe('service worker: Enter with only the DNI', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let proxy: OfflineProxy;
  let dni: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await buildCategory(t.database, { name: 'Impresoras', sortOrder: 1 });
    dni = (await buildStaff(t.database)).dni;
    proxy = await startOfflineProxy(await listen(t));
    chromium = await ChromiumSession.start(proxy.base);
  });
  afterAll(async () => {
    await chromium?.close();
    await proxy?.close();
    await t?.close();
  });

  it('answers a dropped DNI-only Enter with the offline page and keeps nothing on the device', async () => {
    const context = await chromium.context({ viewport: { width: 390, height: 844 }, locale: 'es-PE' });
    const page = await context.newPage();
    await page.goto(`${proxy.base}/`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
    proxy.dropAnswerOf = (req) => req.method === 'POST';
    await Promise.all([
      page.waitForURL(`${proxy.base}/tickets`),
      page.evaluate((value) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/tickets';
        for (const [name, v] of [
          ['dni', value],
          ['action', 'enter'],
          ['idempotencyKey', 'enter-dni-only'],
        ]) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name!;
          input.value = v!;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      }, dni),
    ]);
    proxy.dropAnswerOf = null;
    expect(proxy.dropped.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sin conexión');
    const outbox = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('itims-portal');
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('outbox')) return resolve(0);
            const req = db.transaction('outbox').objectStore('outbox').count();
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );
    expect(outbox).toBe(0);
    await context.close();
  });
});

/**
 * The technicians' workspace in real Chromium: sign in, watch a ticket filed through the public
 * API appear in the open queue page without a reload, take it, write a note, resolve it with a
 * note, and see "Resuelto" with the whole timeline on the public tracking page. Every staff page
 * is checked with axe-core. Screenshots go to /tmp/workspace-*.png for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { loginInBrowser } from '../helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildTicket, buildUser } from '../helpers/factories';
import { ChromiumSession, DESKTOP, expectAccessible } from './browser';

describe('technicians’ workspace in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let categoryId: number;
  let requester: { dni: string };
  let technician: { username: string; password: string };

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await buildCategory(t.database, { name: 'Otros', sortOrder: 9, isOther: true });
    categoryId = (await buildCategory(t.database, { name: 'Impresoras', sortOrder: 1 })).id;
    const office = await buildOffice(t.database, { name: 'Subgerencia de Logística' });
    requester = await buildStaff(t.database, { firstName: 'María Elena', lastName: 'Huamán Quispe', officeId: office.id, phone: '987654321' });
    technician = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  const open = (viewport = DESKTOP) => chromium.open({ viewport, locale: 'es-PE' });

  it('shows a new ticket live, takes it, logs a note, resolves it; the requester sees "Resuelto" with the timeline', async () => {
    const { page, foreign } = await open();
    await loginInBrowser(page, base, technician, '/staff/queue');
    expect(new URL(page.url()).pathname).toBe('/staff/queue');
    await expect.poll(() => page.locator('#queue-empty').isVisible()).toBe(true);
    await expectAccessible(page, 'empty queue');
    // The script is connected to the event stream before anything is filed.
    await expect.poll(() => page.locator('#queue-table').getAttribute('data-listening')).toBe('1');
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const filed = await fetch(`${base}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dni: requester.dni, categoryId, description: 'La impresora del segundo piso atasca el papel en cada hoja.', contactPhone: '912345678' }),
    });
    expect(filed.status).toBe(201);
    const { code } = (await filed.json()) as { code: string };

    const row = page.locator(`#queue-body tr[data-code="${code}"]`);
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await expect.poll(() => page.locator('#queue-count').textContent()).toBe('1 ticket en espera.');
    expect(await row.textContent()).toContain('Impresoras');
    expect(await page.locator('#queue-empty').isVisible()).toBe(false);
    await expectAccessible(page, 'queue with a ticket');
    await page.screenshot({ path: '/tmp/workspace-queue-desktop.png', fullPage: true });

    await Promise.all([page.waitForURL(`**/staff/tickets/${code}?done=taken`), page.click('#take-next')]);
    await expect.poll(() => page.locator('.alert-success').textContent()).toContain('El ticket es suyo');
    const body = await page.locator('main').textContent();
    for (const text of ['María Elena Huamán Quispe', requester.dni, '987654321', '912345678', 'Subgerencia de Logística', 'Rosa Quispe Mamani · web']) expect(body).toContain(text);
    await expectAccessible(page, 'ticket in progress');

    await page.fill('#text', 'Se limpió el rodillo de arrastre; se prueba con 20 hojas.');
    await Promise.all([page.waitForURL(/done=note/), page.click('#worklog button[type="submit"]')]);
    await expect.poll(() => page.locator('#worklog').textContent()).toContain('Se limpió el rodillo de arrastre');

    await page.check('#to-resolved');
    await page.fill('#note', 'Rodillo limpio: la impresora ya no atasca.');
    await Promise.all([page.waitForURL(/done=resolved/), page.click('#change-form button[type="submit"]')]);
    await expect.poll(() => page.locator('.alert-success').textContent()).toContain('Ticket resuelto.');
    await expectAccessible(page, 'resolved ticket');
    await page.screenshot({ path: '/tmp/workspace-ticket-desktop.png', fullPage: true });

    // The requester's view: no sign-in, the public tracking page.
    const requesterView = await open({ width: 390, height: 844 });
    await requesterView.page.goto(`${base}/t/${code}`);
    const tracking = (await requesterView.page.locator('main').textContent()) ?? '';
    expect(tracking).toContain('Resuelto');
    const steps = await requesterView.page.locator('.timeline li strong').allTextContents();
    expect(steps).toEqual(['Registrado', 'En atención', 'Resuelto']);
    expect(tracking).toContain('Rodillo limpio: la impresora ya no atasca.');
    expect(tracking).not.toContain(requester.dni);
    await requesterView.page.screenshot({ path: '/tmp/workspace-tracking-phone.png', fullPage: true });

    expect(foreign).toEqual([]);
    expect(requesterView.foreign).toEqual([]);
  });

  it('keeps "Mis tickets", the ticket list and the queue accessible, on a desktop and on a phone', async () => {
    const { page, foreign } = await open();
    await loginInBrowser(page, base, technician, '/staff/mine');
    for (let i = 0; i < 3; i++) await buildTicket(t.database, { at: Date.now() - (i + 1) * 3600_000, description: `Monitor ${i} parpadea cuando se mueve el cable` });
    const mine = await buildTicket(t.database, {
      status: 'in_progress',
      assigneeId: (await t.database.db.selectFrom('users').select('id').where('username', '=', technician.username).executeTakeFirstOrThrow()).id,
    });
    await page.goto(`${base}/staff/mine`);
    expect(await page.locator('main').textContent()).toContain(mine.code);
    await expectAccessible(page, 'mine');
    await page.screenshot({ path: '/tmp/workspace-mine-desktop.png', fullPage: true });

    await page.goto(`${base}/staff/tickets?q=monitor`);
    expect(await page.locator('#tickets-table tbody tr').count()).toBe(3);
    await expectAccessible(page, 'ticket list');
    await page.screenshot({ path: '/tmp/workspace-tickets-desktop.png', fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/staff/queue`);
    await expectAccessible(page, 'queue on a phone');
    await page.screenshot({ path: '/tmp/workspace-queue-phone.png', fullPage: true });
    await page.goto(`${base}/staff/tickets/${mine.code}`);
    await expectAccessible(page, 'ticket on a phone');
    await page.screenshot({ path: '/tmp/workspace-ticket-phone.png', fullPage: true });
    expect(foreign).toEqual([]);
  });
});

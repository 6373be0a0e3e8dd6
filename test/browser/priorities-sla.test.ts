/**
 * Priorities and due times in real Chromium: a technician raises a ticket's priority on its page
 * (a plain form post), and the queue — already open in another tab — redraws with that ticket
 * first, its "Crítica" badge and its "vence en …", while a late ticket stays red. Checked with
 * axe-core at 390 px and 1366 px; screenshots go to /tmp/priorities-*.png for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { loginInBrowser } from '../helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildTicket, buildUser } from '../helpers/factories';
import { ChromiumSession, expectAccessible, listen } from './browser';

describe('priorities and due times in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let technician: { username: string; password: string };
  let late: { code: string };
  let raised: string;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const categoryId = (await buildCategory(t.database, { name: 'Sistemas administrativos (SIAF)', sortOrder: 1 })).id;
    const office = await buildOffice(t.database, { name: 'Subgerencia de Contabilidad' });
    const requester = await buildStaff(t.database, { firstName: 'María Elena', lastName: 'Huamán Quispe', officeId: office.id });
    technician = await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' });
    // Filed three hours ago, due ten minutes ago: red whatever the hour the test runs at.
    late = await buildTicket(t.database, {
      at: Date.now() - 3 * 3600_000,
      categoryId,
      officeId: office.id,
      firstResponseDueAt: Date.now() - 10 * 60_000,
      description: 'La impresora de tesorería no imprime los comprobantes.',
    });
    base = await listen(t);
    const filed = await fetch(`${base}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dni: requester.dni, categoryId, description: 'El SIAF no abre en toda la oficina de finanzas desde las 8.' }),
    });
    expect(filed.status).toBe(201);
    raised = ((await filed.json()) as { code: string }).code;
    chromium = await ChromiumSession.start(base);
  });
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
  });

  const open = (viewport: { width: number; height: number }) => chromium.open({ viewport, locale: 'es-PE' });
  const codesInQueue = (page: Page) => page.locator('#queue-body tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.code));

  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`raises a ticket to critical and the open queue puts it first with its due time (${viewport.width} px)`, async () => {
      // Both runs start from a normal ticket behind the late one.
      await t.database.db.updateTable('tickets').set({ lane: 2 }).where('code', '=', raised).execute();
      const queueTab = await open(viewport);
      await loginInBrowser(queueTab.page, base, technician, '/staff/queue');
      await expect.poll(() => queueTab.page.locator('#queue-table').getAttribute('data-listening')).toBe('1');
      expect(await codesInQueue(queueTab.page)).toEqual([late.code, raised]);
      const lateDue = queueTab.page.locator(`#queue-body tr[data-code="${late.code}"] .sla-due:visible`);
      expect(await lateDue.getAttribute('class')).toContain('sla-breached');
      expect(await lateDue.textContent()).toMatch(/^vencido hace \d+ min$/);
      expect(await queueTab.page.locator('p.text-secondary').first().textContent()).toContain('por carril de prioridad');
      await expectAccessible(queueTab.page, `queue ${viewport.width}`);
      await queueTab.page.screenshot({ path: `/tmp/priorities-queue-before-${viewport.width}.png`, fullPage: true });

      const ticketTab = await queueTab.page.context().newPage();
      await ticketTab.goto(`${base}/staff/tickets/${raised}`);
      expect(await ticketTab.locator('#ticket-priority').textContent()).toBe('Normal');
      expect(await ticketTab.locator('#sla-first-response').textContent()).toMatch(/vence en/);
      await ticketTab.selectOption('#priority', 'critical');
      await ticketTab.fill('#priority-note', 'Toda la oficina de finanzas sin SIAF.');
      await Promise.all([ticketTab.waitForURL(`**/staff/tickets/${raised}?done=priority#prioridad`), ticketTab.click('#priority-form button[type="submit"]')]);
      expect(await ticketTab.locator('#ticket-priority').textContent()).toBe('Crítica');
      expect(await ticketTab.locator('#history').textContent()).toContain('Prioridad: Normal → Crítica');
      await expectAccessible(ticketTab, `ticket ${viewport.width}`);
      await ticketTab.screenshot({ path: `/tmp/priorities-ticket-${viewport.width}.png`, fullPage: true });
      await ticketTab.locator('#prioridad').screenshot({ path: `/tmp/priorities-ticket-sla-${viewport.width}.png` });

      // The queue tab was not reloaded: the live stream redraws it in the new order.
      await expect.poll(() => codesInQueue(queueTab.page), { timeout: 10_000 }).toEqual([raised, late.code]);
      const row = queueTab.page.locator(`#queue-body tr[data-code="${raised}"]`);
      expect(await row.locator('.priority-badge:visible').textContent()).toBe('Crítica');
      expect(await row.locator('.sla-due:visible').textContent()).toMatch(/^(vence en|vencido hace) /);
      expect(await queueTab.page.locator(`#queue-body tr[data-code="${late.code}"] .sla-due:visible`).getAttribute('class')).toContain('sla-breached');
      await queueTab.page.screenshot({ path: `/tmp/priorities-queue-after-${viewport.width}.png`, fullPage: true });
      expect(queueTab.foreign).toEqual([]);
    });
  }
});

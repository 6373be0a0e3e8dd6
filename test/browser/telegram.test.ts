/**
 * The Telegram pages in real Chromium, at desktop and phone widths, checked with axe-core: the
 * profile's "Telegram" section and the deep-link page, the tracking page's "Seguir por Telegram",
 * and the admin's jobs page with a parked job, its "Reintentar" button and a notice.
 * Screenshots go to /tmp/telegram-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramApp, type TelegramTestApp } from '../helpers/telegram';
import { buildCategory, buildStaff, buildTicket, buildUser } from '../helpers/factories';
import { loginInBrowser } from '../helpers/auth';
import { ChromiumSession, DESKTOP, expectAccessible } from './browser';
import { enqueueJob } from '../../src/jobs/jobs.repository';

describe('Telegram pages in Chromium', () => {
  let t: TelegramTestApp;
  let chromium: ChromiumSession;
  let base: string;
  let admin: { username: string; password: string };
  let tech: { username: string; password: string };
  let code: string;

  beforeAll(async () => {
    t = await startTelegramApp('sqlite', 'polling');
    admin = await buildUser(t.database, { role: 'admin', username: 'admin', fullName: 'Administrador', onDuty: false });
    tech = await buildUser(t.database, { username: 'rquispe', fullName: 'Rosa Quispe Mamani' });
    const categoryId = (await buildCategory(t.database, { name: 'Impresoras' })).id;
    const person = await buildStaff(t.database, { firstName: 'María Elena', lastName: 'Huamán Quispe' });
    code = (await buildTicket(t.database, { staffId: person.id, officeId: person.officeId ?? undefined, categoryId })).code;
    const now = Date.now();
    await enqueueJob(t.database.db, 'sqlite', { type: 'notification.send', payload: { notificationId: 999_999 }, runAt: now + 3_600_000 }, now);
    await t.database.db
      .updateTable('jobs')
      .set({ status: 'failed', attempts: 8, last_error: 'Telegram 400: Bad Request: chat not found' })
      .where('run_at', '=', now + 3_600_000)
      .execute();
    await t.database.db
      .insertInto('admin_notices')
      .values({ kind: 'telegram.blocked', message: 'El técnico Luis Torres Vega bloqueó al bot de Telegram; se desvinculó su chat.', created_at: now, read_at: null })
      .execute();
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  const open = (viewport = DESKTOP) => chromium.open({ viewport, locale: 'es-PE' });

  for (const [label, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 375, height: 740 }],
  ] as const) {
    it(`links Telegram from the profile (${label})`, async () => {
      const { page, foreign } = await open(viewport);
      await loginInBrowser(page, base, tech, '/staff/profile');
      await expect(page.getByRole('heading', { name: 'Telegram' })).toBeTruthy();
      await expectAccessible(page, `profile ${label}`);
      await Promise.all([page.waitForURL('**/staff/profile/telegram'), page.getByRole('button', { name: 'Vincular Telegram' }).click()]);
      const href = await page.locator('a.telegram-deep-link').getAttribute('href');
      expect(href).toMatch(/^https:\/\/t\.me\/itims_test_bot\?start=[A-Za-z0-9_-]+$/);
      await expectAccessible(page, `deep link ${label}`);
      await page.screenshot({ path: `/tmp/telegram-link-${label}.png`, fullPage: true });
      expect(foreign).toEqual([]);
    });

    it(`offers "Seguir por Telegram" on the tracking page (${label})`, async () => {
      const { page, foreign } = await open(viewport);
      await page.goto(`${base}/t/${code}`);
      const button = page.getByRole('button', { name: 'Seguir por Telegram' });
      expect(await button.count()).toBe(1);
      await expectAccessible(page, `tracking ${label}`);
      await page.screenshot({ path: `/tmp/telegram-follow-${label}.png`, fullPage: true });
      expect(foreign).toEqual([]);
    });

    it(`shows parked jobs with "Reintentar" and the admin notices (${label})`, async () => {
      const { page, foreign } = await open(viewport);
      await loginInBrowser(page, base, admin, '/staff/admin/jobs');
      expect(await page.getByText('chat not found').count()).toBeGreaterThan(0);
      expect(await page.getByText('bloqueó al bot').count()).toBe(1);
      expect(await page.getByRole('button', { name: /Reintentar/ }).count()).toBeGreaterThan(0);
      await expectAccessible(page, `jobs ${label}`);
      await page.screenshot({ path: `/tmp/telegram-jobs-${label}.png`, fullPage: true });
      expect(foreign).toEqual([]);
    });
  }
});

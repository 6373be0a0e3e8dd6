/**
 * The conversation and attachments in real Chromium (issue 17): the requester reads the
 * technician's question on the tracking page and answers with a photo; a technician on a phone
 * (390 px) replies with a photo; the portal files a ticket with a ~4 MB phone photo that crosses
 * the network as ≤ 400 KB; without JavaScript the page-language file button still opens the
 * picker and the form posts the file itself. Screenshots go to /tmp/conversation-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { loginAs, loginInBrowser } from '../helpers/auth';
import { buildCategory, buildOffice, buildStaff, buildTicket, buildUser } from '../helpers/factories';
import { attachmentsDir, photoWithGps, pngImage } from '../helpers/attachments';
import { recordUploadedBytes } from '../helpers/uploads';
import { ChromiumSession, expectAccessible } from './browser';

const PHONE = { width: 390, height: 844 };

describe('conversation and attachments in Chromium', () => {
  let t: TestApp;
  let chromium: ChromiumSession;
  let base: string;
  let phonePhoto: Buffer;
  let person: { dni: string };
  let printers: number;
  const rosa = { username: 'rosa', password: 'clave-de-rosa-123' };
  let rosaId: number;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { env: { ATTACHMENTS_DIR: attachmentsDir() } });
    await buildCategory(t.database, { name: 'Otros', sortOrder: 0, isOther: true });
    printers = (await buildCategory(t.database, { name: 'Impresoras', sortOrder: 1 })).id;
    const office = await buildOffice(t.database, { name: 'Subgerencia de Logística' });
    person = await buildStaff(t.database, { firstName: 'MARÍA ELENA', lastName: 'Huamán Quispe', officeId: office.id });
    rosaId = (await buildUser(t.database, { ...rosa, fullName: 'Rosa Quispe Mamani' })).id;
    // A phone photo: 4000×3000, noisy so that JPEG cannot squeeze it, about 4 MB.
    phonePhoto = await photoWithGps(4000, 3000, 90);
    chromium = await ChromiumSession.serve(t);
    base = chromium.base;
  });
  afterAll(() => (chromium ? chromium.close() : t?.close()));

  async function open(options: BrowserContextOptions = {}): Promise<{ page: Page; foreign: string[]; uploads: number[] }> {
    const { page, foreign } = await chromium.open({ viewport: PHONE, locale: 'en-US', ...options });
    // Bytes of every file that leaves the page (the page script's uploads).
    const uploads = await recordUploadedBytes(page);
    return { page, foreign, uploads };
  }
  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  const storedAttachments = (code: string) =>
    t.database.db
      .selectFrom('attachments')
      .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
      .select(['attachments.name', 'attachments.mime', 'attachments.size', 'attachments.message_id'])
      .where('tickets.code', '=', code)
      .orderBy('attachments.position')
      .execute();

  it('the requester reads the question on the tracking page and answers with a photo; the ticket goes back to "En atención"', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosaId });
    const logged = await loginCookie();
    const headers = { cookie: logged.cookie, 'x-csrf-token': logged.csrf };
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.code}/replies`,
      payload: { text: '¿Qué mensaje de error le aparece en la pantalla?', awaitReply: true },
      headers,
    });
    expect(asked.statusCode, asked.body).toBe(201);

    // An English browser on a Spanish page: the file button is in Spanish, not "Choose Files".
    const { page, foreign } = await open();
    await page.goto(`${base}/t/${ticket.code}`);
    const conversation = page.locator('#conversacion');
    await expect.poll(() => conversation.textContent()).toContain('¿Qué mensaje de error le aparece en la pantalla?');
    expect(await conversation.textContent()).toContain('Rosa');
    expect(await conversation.textContent()).not.toContain('Quispe');
    expect(await page.textContent('main')).toContain('El técnico espera su respuesta');
    const button = page.locator('label[for="answer-attachments"].file-picker-button');
    expect((await button.textContent())?.trim()).toBe('Elegir archivos');
    expect(await page.locator('#answer-attachments-chosen').textContent()).toBe('Ningún archivo elegido');
    await expectAccessible(page, 'tracking, waiting');

    await page.fill('#answer-text', 'Dice «papel atascado», le mando la foto.');
    await page.setInputFiles('#answer-attachments', { name: 'pantalla.png', mimeType: 'image/png', buffer: await pngImage(640, 480) });
    expect(await page.locator('#answer-attachments-chosen').textContent()).toBe('pantalla.png');
    await page.screenshot({ path: '/tmp/conversation-tracking-answer.png', fullPage: true });
    await Promise.all([page.waitForURL(/conversacion=enviado/), page.locator('#answer-form button[type="submit"]').click()]);
    await expect.poll(() => conversation.textContent()).toContain('Dice «papel atascado», le mando la foto.');
    expect(await page.textContent('main')).toContain('Su mensaje fue enviado al técnico.');
    expect(await page.locator('#conversacion img.attachment-thumb').count()).toBe(1);
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'tracking, answered');
    await page.screenshot({ path: '/tmp/conversation-tracking-answered.png', fullPage: true });

    const row = await t.database.db.selectFrom('tickets').select('status').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('in_progress');
    const files = await storedAttachments(ticket.code);
    expect(files.map((f) => [f.name, f.message_id !== null])).toEqual([['pantalla.png', true]]);
    expect(foreign).toEqual([]);
  });

  it('a technician on a 390 px phone replies with a ~4 MB photo: it is shrunk before sending, fits the screen and reaches the tracking page', async () => {
    const ticket = await buildTicket(t.database, { status: 'in_progress', assigneeId: rosaId });
    const { page, foreign, uploads } = await open({ locale: 'es-PE' });
    await loginInBrowser(page, base, rosa, `/staff/tickets/${ticket.code}`);
    expect(new URL(page.url()).pathname).toBe(`/staff/tickets/${ticket.code}`);
    expect((await page.locator('label[for="reply-attachments"].file-picker-button').textContent())?.trim()).toBe('Elegir archivos');
    expect(await fitsWidth(page)).toBe(true);

    await page.fill('#reply-text', '¿Le aparece esta ventana? Vea la foto.');
    await page.setInputFiles('#reply-attachments', { name: 'ventana.jpg', mimeType: 'image/jpeg', buffer: phonePhoto });
    await page.check('#awaitReply');
    await page.screenshot({ path: '/tmp/conversation-staff-reply-390.png', fullPage: true });
    await Promise.all([page.waitForURL(/done=replyWaiting/, { timeout: 30_000 }), page.locator('#reply-form button[type="submit"]').click()]);
    expect(await fitsWidth(page)).toBe(true);
    await expectAccessible(page, 'staff ticket after the reply');
    await page.screenshot({ path: '/tmp/conversation-staff-replied-390.png', fullPage: true });

    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toBeLessThanOrEqual(400 * 1024);
    const [stored] = await storedAttachments(ticket.code);
    expect(stored).toMatchObject({ name: 'ventana.jpg', mime: 'image/jpeg' });
    const url = (await page.locator('#conversacion img.attachment-thumb').first().getAttribute('src')) as string;
    const served = await t.app.inject({ url, headers: { cookie: (await loginCookie()).cookie } });
    const meta = await sharp(served.rawPayload).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(1600);
    expect(meta.exif).toBeUndefined();

    const tracking = await t.app.inject({ url: `/t/${ticket.code}` });
    expect(tracking.body).toContain('¿Le aparece esta ventana? Vea la foto.');
    expect(tracking.body).toContain('ventana.jpg');
    expect(foreign).toEqual([]);
  });

  it('files a ticket from the portal with a ~4 MB phone photo whose upload is ≤ 400 KB, with progress shown', async () => {
    expect(phonePhoto.length).toBeGreaterThan(3.5 * 1024 * 1024);
    const { page, foreign, uploads } = await open({ locale: 'es-PE' });
    await page.goto(`${base}/`);
    await page.locator('#dni').pressSequentially(person.dni, { delay: 10 });
    await expect.poll(() => page.locator('#dni-status').textContent()).toContain('María Elena H. Q.');
    await page.selectOption('#categoryId', String(printers));
    await page.fill('#description', 'La impresora muestra un error en la pantalla, adjunto la foto.');
    await page.setInputFiles('#attachments', { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: phonePhoto });
    expect(await page.locator('#attachments-chosen').textContent()).toBe('IMG_2041.jpg');
    await expectAccessible(page, 'home with a photo chosen');
    const progress = page.locator('#attachments-status progress');
    await Promise.all([
      page.waitForURL(/\/t\/TK-[0-9A-Z]{8}\/confirmacion$/, { timeout: 30_000 }),
      page.locator('#ticket-submit').click(),
      progress.first().waitFor({ state: 'attached', timeout: 30_000 }),
    ]);
    const code = (await page.locator('.ticket-code').textContent())?.trim() as string;
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toBeLessThanOrEqual(400 * 1024);
    console.log(`portal photo: ${phonePhoto.length} bytes chosen, ${uploads[0]} bytes uploaded`);
    const stored = await storedAttachments(code);
    expect(stored.map((f) => [f.name, f.mime, f.message_id])).toEqual([['IMG_2041.jpg', 'image/jpeg', null]]);
    expect(stored[0]!.size).toBeLessThanOrEqual(400 * 1024);
    expect(foreign).toEqual([]);
  });

  it('without JavaScript the page-language button opens the file picker and the form posts the file itself', async () => {
    const { page, uploads } = await open({ locale: 'en-US', javaScriptEnabled: false });
    const other = await buildStaff(t.database, { firstName: 'Pedro', lastName: 'Salas Ríos' });
    await page.goto(`${base}/`);
    await page.fill('#dni', other.dni);
    await page.selectOption('#categoryId', String(printers));
    await page.fill('#description', 'El monitor parpadea, adjunto una captura.');
    const button = page.locator('label[for="attachments"].file-picker-button');
    expect((await button.textContent())?.trim()).toBe('Elegir archivos');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.click()]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles({ name: 'captura.png', mimeType: 'image/png', buffer: await pngImage(300, 200) });
    await Promise.all([page.waitForURL(/\/t\/TK-[0-9A-Z]{8}\/confirmacion$/), page.locator('#ticket-submit').click()]);
    const code = (await page.locator('.ticket-code').textContent())?.trim() as string;
    expect(uploads).toEqual([]); // no page script: the form's own multipart post carried the file
    expect((await storedAttachments(code)).map((f) => f.name)).toEqual(['captura.png']);
  });

  let session: { cookie: string; csrf: string } | null = null;
  async function loginCookie(): Promise<{ cookie: string; csrf: string }> {
    if (session) return session;
    const logged = await loginAs(t, rosa);
    session = { cookie: logged.cookie, csrf: logged.csrfToken };
    return session;
  }
});

/**
 * Bench scenario: filing a ticket with a 1 MB phone photo (multipart, `attachments`) against the
 * same filing without one, on the same server and with the same closed loop of workers, so the
 * cost of receiving, checking and re-encoding the photo (sharp: ≤ 1600 px, metadata removed)
 * shows beside the plain path; and the bytes a browser actually uploads for a 4 MB photo after
 * the page's own downscaling (real Chromium, the portal's form and script).
 * People: odd indexes of the bulk directory from the top down (the asset scenarios use even ones),
 * the plain run from a quarter further down, so the flood guard never answers 429.
 */
import { chromium } from 'playwright-core';
import { photoWithGps } from '../test/helpers/attachments';
import { recordUploadedBytes } from '../test/helpers/uploads';
import { bulkDni } from './seed-bulk';

export interface PhotoFilingResult {
  created: number;
  perSecond: number;
  p50: number;
  p95: number;
  statuses: Record<number, number>;
  /** Request bytes sent per filing (the photo and the fields). */
  requestBytes: number;
}

const DESCRIPTION = 'La pantalla muestra este error al encender, adjunto la foto.';

/** A noisy JPEG (so JPEG cannot squeeze it) of about `targetBytes`, with a GPS tag like a phone's. */
export async function phonePhoto(targetBytes: number): Promise<Buffer> {
  // Bytes grow with the pixel count: start from 3000×2000 at quality 90 (~2 MB) and scale.
  const probe = await photoWithGps(1500, 1000, 90);
  const scale = Math.sqrt(targetBytes / probe.length);
  return photoWithGps(Math.round(1500 * scale), Math.round(1000 * scale), 90);
}

export async function fileWithPhoto(opts: {
  base: string;
  staff: number;
  categories: number[];
  concurrency: number;
  seconds: number;
  photo: Buffer | null;
  firstFromTop: number;
}): Promise<PhotoFilingResult> {
  const lat: number[] = [];
  const statuses: Record<number, number> = {};
  let created = 0;
  let requestBytes = 0;
  let next = 0;
  const end = performance.now() + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < end) {
        const k = next++;
        const index = Math.max(1, opts.staff - 1 - 2 * (opts.firstFromTop + k));
        const form = new FormData();
        form.append('dni', bulkDni(index));
        form.append('categoryId', String(opts.categories[k % opts.categories.length]));
        form.append('description', DESCRIPTION);
        if (opts.photo) form.append('attachments', new Blob([new Uint8Array(opts.photo)], { type: 'image/jpeg' }), `IMG_${k}.jpg`);
        const request = new Request(`${opts.base}/api/v1/tickets`, { method: 'POST', body: form });
        const body = Buffer.from(await request.arrayBuffer());
        if (k === 0) requestBytes = body.length;
        const started = performance.now();
        const res = await fetch(request.url, { method: 'POST', body, headers: { 'content-type': request.headers.get('content-type')! } });
        await res.arrayBuffer();
        lat.push(performance.now() - started);
        if (res.status === 201) created++;
        else statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  lat.sort((a, b) => a - b);
  const q = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN);
  return { created, perSecond: created / opts.seconds, p50: q(0.5), p95: q(0.95), statuses, requestBytes };
}

/**
 * What the portal's script uploads for `photo` (chosen in the form's file field): the bytes of
 * every FormData body it sends, read in the page before they leave. The form is sent with a DNI
 * nobody has, so the server refuses it after the upload and no ticket is filed.
 */
export async function browserUploadBytes(base: string, photo: Buffer): Promise<number[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const uploads = await recordUploadedBytes(page);
    await page.goto(`${base}/`);
    await page.setInputFiles('#attachments', { name: 'IMG_4032.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.fill('#dni', '00000001');
    await page.selectOption('#categoryId', { index: 1 });
    await page.fill('#description', DESCRIPTION);
    await Promise.all([page.waitForURL((u) => u.pathname === '/tickets', { timeout: 60_000 }), page.locator('#ticket-submit').click()]);
    return uploads;
  } finally {
    await browser.close();
  }
}

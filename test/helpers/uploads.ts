/**
 * The bytes of every file a page's script uploads: each FormData body an XMLHttpRequest sends,
 * measured in the page before it leaves (the browser's request log cannot show a Blob body).
 * Used by the conversation browser test and the photo-filing bench.
 */
import type { Page } from 'playwright-core';

/** Starts recording on `page` (before it loads anything); the array fills as uploads are sent. */
export async function recordUploadedBytes(page: Page): Promise<number[]> {
  const uploads: number[] = [];
  await page.exposeFunction('__itimsUploaded', (bytes: number) => uploads.push(bytes));
  await page.addInitScript(() => {
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body?: Document | XMLHttpRequestBodyInit | null) {
      if (body instanceof FormData) {
        let bytes = 0;
        body.forEach((v) => (bytes += typeof v === 'string' ? 0 : v.size));
        (window as unknown as { __itimsUploaded(n: number): void }).__itimsUploaded(bytes);
      }
      return send.call(this, body);
    };
  });
  return uploads;
}

/**
 * The portal's upload code, in one small module other page scripts reuse (the offline queue of
 * the portal keeps the shrunk files it makes and sends them later with `uploadFile`):
 * - `shrinkPhoto`: a photo re-encoded in the browser with a canvas — longest side ≤ 1600 px, JPEG
 *   at the highest quality that fits `TARGET_BYTES` (400 KB), smaller sides if no quality does —
 *   so a 4 MB phone photo crosses a slow link as a few hundred KB. The canvas keeps no EXIF, so
 *   the position a phone writes into a photo never leaves the device either. Files the browser
 *   cannot decode (PDF, HEIC on most browsers) go as they are; the server checks everything again.
 * - `uploadFile`: POST /api/v1/attachments with upload progress (XMLHttpRequest: fetch has none),
 *   in the page's language; resolves to the id for `attachmentIds`.
 */
import { pageLanguage } from './_page-language';

export const MAX_SIDE = 1600;
export const TARGET_BYTES = 400 * 1024;
export const MAX_FILES = 3;
const QUALITIES = [0.82, 0.72, 0.62, 0.52];
const MIN_SIDE = 480;

export interface Uploaded {
  id: string;
  name: string;
  type: string;
  size: number;
}

interface Decoded {
  source: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
}

const readAsDataUrl = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });

async function decode(file: Blob): Promise<Decoded | null> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
    } catch {
      // Not decodable here, or an old browser without the options: try an <img>.
    }
  }
  try {
    // A data: URL, not blob: — the pages' Content-Security-Policy allows images from 'self' and data: only.
    const img = new Image();
    img.src = await readAsDataUrl(file);
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => undefined };
  } catch {
    return null;
  }
}

const toBlob = (canvas: HTMLCanvasElement, quality: number) => new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));

const jpegName = (name: string) => `${(name.replace(/\.[^.]*$/, '') || 'foto').slice(0, 100)}.jpg`;

/**
 * The file to send for `file`: a photo shrunk to ≤ `maxSide` px and ≤ `targetBytes` where it
 * needs it, anything else unchanged.
 */
export async function shrinkPhoto(file: File, maxSide = MAX_SIDE, targetBytes = TARGET_BYTES): Promise<File> {
  if (!/^image\/(jpeg|png|webp|gif|bmp)$/.test(file.type)) return file;
  const image = await decode(file);
  if (!image) return file;
  try {
    const longest = Math.max(image.width, image.height);
    if (longest <= maxSide && file.size <= targetBytes) return file;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d');
    if (!context) return file;
    let best: Blob | null = null;
    for (let side = Math.min(maxSide, longest); side >= MIN_SIDE; side = Math.round(side * 0.8)) {
      const scale = side / longest;
      canvas.width = Math.max(1, Math.round(image.width * scale));
      canvas.height = Math.max(1, Math.round(image.height * scale));
      // White under transparent PNG areas: JPEG has no alpha.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image.source, 0, 0, canvas.width, canvas.height);
      for (const quality of QUALITIES) {
        const blob = await toBlob(canvas, quality);
        if (!blob) return file;
        if (!best || blob.size < best.size) best = blob;
        if (blob.size <= targetBytes) return new File([blob], jpegName(file.name), { type: 'image/jpeg' });
      }
    }
    return best ? new File([best], jpegName(file.name), { type: 'image/jpeg' }) : file;
  } finally {
    image.close();
  }
}

/** The upload never reached the server, or its answer never came back (no network, a dropped link). */
export class UploadNetworkError extends Error {}

/** Uploads one file; `onProgress` gets the fraction sent (0–1). Rejects with the server's message. */
export function uploadFile(file: Blob, name: string, onProgress: (fraction: number) => void = () => undefined): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/attachments');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', pageLanguage());
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: (Uploaded & { error?: { message?: string } }) | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201 && body) {
        onProgress(1);
        resolve(body);
      } else reject(new Error(body?.error?.message ?? ''));
    };
    xhr.onerror = () => reject(new UploadNetworkError(''));
    xhr.onabort = () => reject(new Error(''));
    const form = new FormData();
    form.append('file', file, name);
    xhr.send(form);
  });
}

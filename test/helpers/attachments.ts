/**
 * Attachment test material, made on the spot: photos with a GPS tag (sharp writes the EXIF), a
 * small real PDF, multipart bodies built by the platform's own FormData, and a look at what is on
 * disk under ATTACHMENTS_DIR.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

export function attachmentsDir(): string {
  return mkdtempSync(join(tmpdir(), 'itims-attachments-'));
}

/** A phone-like JPEG: `width`×`height`, noisy enough to weigh like a photo, with Make/Model and a GPS position. */
export async function photoWithGps(width = 3000, height = 2000, quality = 90): Promise<Buffer> {
  const channels = 3;
  const noise = Buffer.alloc(width * height * channels);
  let seed = 12345;
  for (let i = 0; i < noise.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    noise[i] = (seed >> 16) & 0xff;
  }
  return sharp(noise, { raw: { width, height, channels } })
    .blur(1.2)
    .jpeg({ quality })
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'X1' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '13/1 31/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '71/1 58/1 0/1' },
    })
    .toBuffer();
}

export async function pngImage(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .png()
    .toBuffer();
}

/** A minimal, valid one-page PDF. */
export function pdfDocument(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export interface FilePart {
  field: string;
  name: string;
  type: string;
  content: Buffer;
}

/** A multipart/form-data body and its content type, serialised by the platform's FormData. */
export async function multipart(fields: Record<string, string | number | string[]>, files: FilePart[] = []): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, String(value));
  for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.content)], { type: f.type }), f.name);
  const request = new Request('http://local/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

/** Every file under the directory (relative paths), temporary uploads included. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${n}/`);
      else out.push(`${prefix}${n}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

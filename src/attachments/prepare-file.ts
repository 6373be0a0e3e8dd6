/**
 * Turns a received file into what is stored: its type recognised by content (never by name or
 * by the client's Content-Type), images re-encoded with sharp — turned upright, longest side at
 * most 1600 px, every metadata block (EXIF, GPS, XMP, IPTC) dropped, since a phone photo carries
 * where it was taken — and PDFs kept byte for byte.
 *
 * HEIC: sharp's prebuilt libvips reads HEIF with AV1 (AVIF) only; Apple's HEIC is HEVC, whose
 * decoder (libde265) is not in it for patent reasons. Where the installed sharp can decode it
 * (a libvips built with libde265), HEIC is stored as JPEG; where it cannot, it is refused with
 * 415 and a message saying to send JPEG. Phones' browsers usually convert HEIC to JPEG on upload,
 * and the portal re-encodes photos in the browser before sending.
 */
import { fileTypeFromFile } from 'file-type';
import sharp, { type Sharp } from 'sharp';
import { AppError } from '../core/errors';
import type { AttachmentStore, IncomingFile } from './attachment-store';

export const MAX_IMAGE_SIDE = 1600;
/** Decompression bombs: no phone camera reaches 100 megapixels. */
const MAX_INPUT_PIXELS = 100_000_000;

export type AttachmentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

const IMAGE_OUTPUT = {
  'image/jpeg': { ext: 'jpg', encode: (s: Sharp) => s.jpeg({ quality: 82, mozjpeg: true }) },
  'image/png': { ext: 'png', encode: (s: Sharp) => s.png({ compressionLevel: 9 }) },
  'image/webp': { ext: 'webp', encode: (s: Sharp) => s.webp({ quality: 80 }) },
} as const;

export interface PreparedFile {
  /** The bytes to store, in a temporary file (`AttachmentStore.place` makes it visible). */
  file: IncomingFile;
  sha256: string;
  name: string;
  type: AttachmentType;
  size: number;
}

/** A file name safe to show and to put in Content-Disposition: no path, no control characters. */
export function cleanFileName(raw: string | undefined, ext: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = base
    .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '')
    .trim()
    .slice(0, 120);
  if (!name || name.startsWith('.')) name = `adjunto.${ext}`;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return `${stem}.${ext}`;
}

/** A 16×16 grey HEIC (HEVC), made with ImageMagick: the probe for `canDecodeHeic`. */
const HEIC_SAMPLE = Buffer.from(
  'AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAaptZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAAAA5waXRtAAAAAAACAAAAEGlkYXQAAAAAABAAEAAAADhpbG9jAQAAAERAAAIAAQAAAAAAAAHOAAEAAAAAAAAALAACAAEAAAAAAAAAAQAAAAAAAAAIAAAAOGlpbmYAAAAAAAIAAAAVaW5mZQIAAAEAAQAAaHZjMQAAAAAVaW5mZQIAAAAAAgAAZ3JpZAAAAADVaXBycAAAALNpcGNvAAAAc2h2Y0MBA3AAAAAAAAAAAAAe8AD8/fj4AAAPAyAAAQAYQAEMAf//A3AAAAMAkAAAAwAAAwAeugJAIQABACdCAQEDcAAAAwCQAAADAAADAB6gIIEFluqumubAgAAAAwCAAAADAIQiAAEABkQBwXPBiQAAABRpc3BlAAAAAAAAAEAAAABAAAAAFGlzcGUAAAAAAAAAEAAAABAAAAAQcGl4aQAAAAADCAgIAAAAGmlwbWEAAAAAAAAAAgABAoECAAICA4QAAAAaaXJlZgAAAAAAAAAOZGltZwACAAEAAQAAADRtZGF0AAAAKCgBrxMhMZr14aOf9d3c3FpzsXnQwNIXAKNDaJNqz3uONoCHeUhi/HA=',
  'base64',
);

let heicDecodable: Promise<boolean> | null = null;

/** Whether this sharp build can decode HEVC-coded HEIC (tried once, on a tiny built-in sample). */
export function canDecodeHeic(): Promise<boolean> {
  heicDecodable ??= sharp(HEIC_SAMPLE)
    .raw()
    .toBuffer()
    .then(() => true)
    .catch(() => false);
  return heicDecodable;
}

/**
 * Recognises, checks and re-encodes one received file. Throws 415 ATTACHMENT_TYPE or 422
 * ATTACHMENT_CORRUPT (the received temporary file is then the caller's to discard).
 */
export async function prepareFile(store: AttachmentStore, received: IncomingFile, originalName: string | undefined, field: string): Promise<PreparedFile> {
  const detected = await fileTypeFromFile(received.path);
  const mime = detected?.mime as string | undefined;
  if (mime === 'application/pdf') {
    const sha256 = await store.hashOf(received.path);
    return { file: received, sha256, name: cleanFileName(originalName, 'pdf'), type: 'application/pdf', size: received.bytes };
  }
  const heic = mime === 'image/heic' || mime === 'image/heif' || mime === 'image/heic-sequence' || mime === 'image/heif-sequence';
  if (heic && !(await canDecodeHeic())) {
    throw new AppError('ATTACHMENT_TYPE', undefined, { [field]: { key: 'attachment.heicUnsupported' } });
  }
  if (!heic && mime !== 'image/jpeg' && mime !== 'image/png' && mime !== 'image/webp') {
    throw new AppError('ATTACHMENT_TYPE', undefined, { [field]: { key: 'attachment.typeAllowed' } });
  }
  const output = IMAGE_OUTPUT[heic ? 'image/jpeg' : (mime as keyof typeof IMAGE_OUTPUT)];
  let bytes: Buffer;
  try {
    const pipeline = sharp(received.path, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true });
    bytes = await output.encode(pipeline).toBuffer();
  } catch {
    throw new AppError('ATTACHMENT_CORRUPT', undefined, { [field]: { key: 'attachment.corrupt' } });
  }
  const stored = await store.writeTemp(bytes);
  await store.discard(received);
  const sha256 = await store.hashOf(stored.path);
  const type = heic ? 'image/jpeg' : (mime as AttachmentType);
  return { file: stored, sha256, name: cleanFileName(originalName, output.ext), type, size: stored.bytes };
}

/**
 * Prepares every received file, in order. Each processed file is also pushed to `temps`, the
 * request's list of temporary files that is cleared once it is answered, whatever happens next.
 */
export async function prepareFiles(store: AttachmentStore, received: { file: IncomingFile; name: string | undefined }[], field: string, temps: IncomingFile[]): Promise<PreparedFile[]> {
  const done: PreparedFile[] = [];
  for (const r of received) {
    const prepared = await prepareFile(store, r.file, r.name, field);
    temps.push(prepared.file);
    done.push(prepared);
  }
  return done;
}

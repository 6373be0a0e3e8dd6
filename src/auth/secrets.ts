/**
 * Random secrets and their digests. Cookie values and API tokens are shown to their owner once and
 * stored only as SHA-256 hex, so a copy of the database cannot be used to sign in.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A URL-safe random secret (32 bytes → 43 characters). */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** A hex random string (32 bytes → 64 characters), e.g. a CSRF token. */
export const newHexSecret = (bytes = 32): string => randomBytes(bytes).toString('hex');

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Constant-time comparison of two strings. */
export function sameSecret(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

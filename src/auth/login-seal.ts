/**
 * The sign-in page's second step without keeping anything on the server: after a correct
 * password for an account with a second factor, the page carries the typed credentials sealed
 * (AES-256-GCM, valid 5 minutes) in a hidden field, and the code form sends them back with the
 * code, so the full sign-in (password, then code) runs again. The key is made once per
 * installation and kept in `settings`, so every web instance can open what another sealed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Executor } from '../db/database';
import { settingOrInsert } from '../settings/settings.repository';

const KEY_SETTING = 'auth.login_seal_key';
export const SEAL_TTL_MS = 5 * 60_000;

async function sealKey(db: Executor, now: number): Promise<Buffer> {
  return Buffer.from(await settingOrInsert(db, KEY_SETTING, randomBytes(32).toString('base64'), now), 'base64');
}

export async function sealCredentials(db: Executor, now: number, credentials: { username: string; password: string }): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await sealKey(db, now), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify({ ...credentials, exp: now + SEAL_TTL_MS }), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The credentials, or null when the seal is forged, damaged or older than 5 minutes. */
export async function openSealedCredentials(db: Executor, now: number, sealed: string): Promise<{ username: string; password: string } | null> {
  if (sealed.length > 2000) return null;
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 29) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', await sealKey(db, now), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const value = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as { username?: unknown; password?: unknown; exp?: unknown };
    if (typeof value.username !== 'string' || typeof value.password !== 'string' || typeof value.exp !== 'number' || value.exp < now) return null;
    return { username: value.username, password: value.password };
  } catch {
    return null;
  }
}

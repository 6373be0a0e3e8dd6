/**
 * Secrets that must be read back (the TOTP secrets) are kept encrypted with the installation's
 * key: AES-256-GCM, a fresh 12-byte nonce per value, the value's owner as associated data (a
 * sealed secret copied onto another account does not open there). A copy of the database alone
 * then gives nobody a second factor.
 *
 * Stored form: `v1.` + base64url(nonce ‖ ciphertext ‖ tag) — 83 characters for a 32-character
 * Base32 TOTP secret. Anything without the prefix is a plaintext value from before encryption
 * (sealed at the next start, see seal-totp-secrets.ts).
 *
 * The key: `ITIMS_SECRET_KEY`, or else the file `ITIMS_SECRET_KEY_FILE` (default
 * `./data/secret.key`), created with 32 random bytes when it is missing — but never while the
 * database already holds sealed values, which a new key could not open (then 503
 * SECRET_KEY_MISSING says what is wrong, instead of a silent lock-out). The AES key is derived
 * from it with HKDF-SHA256, so any long random string works.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config/config';
import { AppError } from '../core/errors';

const PREFIX = 'v1.';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), Buffer.from('itims secret box v1'), 32));
  }

  /** Encrypts `plain`, bound to `owner` (e.g. `totp:42`). */
  seal(plain: string, owner: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(owner, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
  }

  /**
   * The plaintext of a sealed value; a value from before encryption is returned as it is.
   * 503 SECRET_KEY_WRONG when this key did not seal it (or it was altered).
   */
  open(stored: string, owner: string): string {
    if (!isSealed(stored)) return stored;
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
    if (raw.length < NONCE_BYTES + TAG_BYTES) throw new AppError('SECRET_KEY_WRONG');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(owner, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new AppError('SECRET_KEY_WRONG');
    }
  }

  /** Whether this key opens `stored` (false for a value sealed with another key). */
  opens(stored: string, owner: string): boolean {
    try {
      this.open(stored, owner);
      return true;
    } catch {
      return false;
    }
  }
}

export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);

/** Where the key comes from, for messages: never the key itself. */
export type SecretKeySource = { kind: 'env' } | { kind: 'file'; path: string; created: boolean };

const boxes = new Map<string, SecretBox>();

/**
 * The installation's box. `anySealed` answers whether the database already holds sealed values:
 * only when it does not may a missing key file be created.
 */
export async function secretBoxFor(config: Pick<Config, 'secretKey'>, anySealed: () => Promise<boolean>): Promise<{ box: SecretBox; source: SecretKeySource }> {
  const found = existingSecretBox(config);
  if (found) return found;
  if (await anySealed()) throw new AppError('SECRET_KEY_MISSING');
  const { file } = config.secretKey;
  const created = createKeyFile(file);
  return { box: cachedBox(`file:${created.key}`, created.key), source: { kind: 'file', path: file, created: created.created } };
}

/** The box of the key already there (env or file), null when there is none yet; creates nothing (`npm run doctor`). */
export function existingSecretBox(config: Pick<Config, 'secretKey'>): { box: SecretBox; source: SecretKeySource } | null {
  const { value, file } = config.secretKey;
  if (value !== null) return { box: cachedBox(`env:${value}`, value), source: { kind: 'env' } };
  const existing = readKeyFile(file);
  return existing === null ? null : { box: cachedBox(`file:${existing}`, existing), source: { kind: 'file', path: file, created: false } };
}

function cachedBox(cacheKey: string, secret: string): SecretBox {
  let box = boxes.get(cacheKey);
  if (!box) {
    box = new SecretBox(secret);
    boxes.set(cacheKey, box);
  }
  return box;
}

/** The key in the file (trimmed), null when there is no file; 503 SECRET_KEY_MISSING when it is unreadable or too short. */
function readKeyFile(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('SECRET_KEY_MISSING');
  }
  const key = text.trim();
  if (key.length < 32) throw new AppError('SECRET_KEY_MISSING');
  return key;
}

/** Creates the key file (owner-only); when another process created it first, that key is used. */
function createKeyFile(file: string): { key: string; created: boolean } {
  const key = randomBytes(32).toString('base64url');
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${key}\n`, { flag: 'wx', mode: 0o600 });
    return { key, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      const other = readKeyFile(file);
      if (other !== null) return { key: other, created: false };
    }
    throw new AppError('SECRET_KEY_MISSING');
  }
}

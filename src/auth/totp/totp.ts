/**
 * TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), the one module that imports `otplib`.
 * A code is accepted for the current step and the one before or after (clocks of phones drift);
 * the caller keeps the last accepted step so a code is never accepted twice.
 */
import { randomBytes } from 'node:crypto';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

export const TOTP_PERIOD_S = 30;
export const TOTP_ISSUER = 'ITIMS Mesa de ayuda';

export const newTotpSecret = (): string => generateSecret({ length: 20 });

export const otpauthUrl = (secret: string, username: string): string => generateURI({ issuer: TOTP_ISSUER, label: username, secret });

/** Six digits, spaces allowed ("123 456"). */
export const looksLikeTotpCode = (input: string): boolean => /^\d{6}$/.test(input.replace(/\s/g, ''));

/**
 * The step the code belongs to, or null when it is wrong (or of a step not after `afterStep`:
 * a replay).
 */
export function verifyTotpCode(secret: string, code: string, nowMs: number, afterStep: number | null): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = verifySync({ secret, token, epoch: Math.floor(nowMs / 1000), epochTolerance: TOTP_PERIOD_S, ...(afterStep !== null ? { afterTimeStep: afterStep } : {}) });
  if (!result.valid) return null;
  return (result as { timeStep?: number }).timeStep ?? Math.floor(nowMs / 1000 / TOTP_PERIOD_S) + result.delta;
}

/** The code of a moment (tests, and nothing else, need to compute one). */
export const totpCodeAt = (secret: string, nowMs: number): string => generateSync({ secret, epoch: Math.floor(nowMs / 1000) });

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten single-use recovery codes like `k7dp-3mqx-ra` (50 bits each), shown once. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from(randomBytes(10), (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** What is hashed: lower case, without spaces and dashes, so a typed code matches however it is written. */
export const normalizeRecoveryCode = (input: string): string => input.toLowerCase().replace(/[\s-]/g, '');

/**
 * Ticket codes: `TK-` + 8 symbols of Crockford's base 32 (no I, L, O, U), 40 random bits —
 * short, unguessable, easy to read aloud over the phone. Reading is forgiving: lower case,
 * spaces, a missing `TK-`, and O/I/L typed for 0/1/1 are accepted.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TICKET_CODE_PATTERN = '^TK-[0-9A-HJKMNP-TV-Z]{8}$';
const CODE_RE = new RegExp(TICKET_CODE_PATTERN);

export function generateTicketCode(): string {
  const bytes = randomBytes(5); // 40 bits → 8 symbols of 5 bits
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 7; i >= 0; i--) out += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `TK-${out}`;
}

/** Normalizes what a person typed; returns null if it cannot be a ticket code. */
export function normalizeTicketCode(input: string): string | null {
  let s = input.trim().toUpperCase().replace(/[\s]/g, '');
  if (s.length > 20) return null;
  if (s.startsWith('TK-')) s = s.slice(3);
  else if (s.startsWith('TK')) s = s.slice(2);
  s = s.replace(/-/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const code = `TK-${s}`;
  return CODE_RE.test(code) ? code : null;
}

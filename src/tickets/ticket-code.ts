/**
 * Ticket codes: `TK-` + 8 symbols of Crockford's base 32 (no I, L, O, U), 40 random bits —
 * short, unguessable, easy to read aloud over the phone. Reading is forgiving: lower case,
 * spaces, a missing `TK-`, and O/I/L typed for 0/1/1 are accepted.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../core/errors';

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

/** What hides the second half of a code in "Mis tickets" (design.md: `TK-7F3K••••`). */
export const CODE_MASK = '••••';

/**
 * A code as `GET /directory/{dni}/tickets` and "Mis tickets" show it: `TK-` and the first four
 * symbols, enough for a person to tell their tickets apart, not to open one. A DNI is no secret,
 * so the full code — shown at filing and sent to the follower's Telegram — is what opens a ticket.
 */
export const maskTicketCode = (code: string): string => `${code.slice(0, 7)}${CODE_MASK}`;

/** A code copied from a masked list: its hidden half typed as dots, bullets or asterisks. */
const MASK_CHARS = /[•●·∙*…]|\.{2,}/u;

/**
 * The canonical code of what a person typed, or a clear 400: TICKET_CODE_MASKED for a code copied
 * from "Mis tickets" (it cannot open the ticket), TICKET_CODE_MALFORMED for anything else.
 */
export function requireTicketCode(input: string): string {
  const code = normalizeTicketCode(input);
  if (code) return code;
  if (MASK_CHARS.test(input.slice(0, 40))) throw new AppError('TICKET_CODE_MASKED');
  throw new AppError('TICKET_CODE_MALFORMED');
}

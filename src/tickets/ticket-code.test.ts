import { describe, expect, it } from 'vitest';
import { TICKET_CODE_PATTERN, generateTicketCode, normalizeTicketCode } from './ticket-code';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('ticket codes', () => {
  it('are TK- and 8 symbols of Crockford base 32, without I, L, O or U', () => {
    const pattern = new RegExp(TICKET_CODE_PATTERN);
    for (let i = 0; i < 500; i++) {
      const code = generateTicketCode();
      expect(code).toMatch(pattern);
      expect(code.slice(3)).not.toMatch(/[ILOU]/);
    }
  });

  it('carry 40 random bits: every symbol shows up in every position, codes do not repeat', () => {
    const codes = Array.from({ length: 4000 }, generateTicketCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (let position = 0; position < 8; position++) {
      // 8 × 5 bits = 40: even the first symbol uses the whole alphabet (38 bits would cap it at '7').
      const seen = new Set(codes.map((c) => c.charAt(3 + position)));
      expect([...seen].sort().join(''), `position ${position}`).toBe(CROCKFORD);
    }
  });

  it('normalizes what people type: lower case, spaces, a missing or unhyphenated TK', () => {
    expect(normalizeTicketCode('TK-7F3K9Q2M')).toBe('TK-7F3K9Q2M');
    expect(normalizeTicketCode('tk-7f3k9q2m')).toBe('TK-7F3K9Q2M');
    expect(normalizeTicketCode('7f3k9q2m')).toBe('TK-7F3K9Q2M');
    expect(normalizeTicketCode('TK7F3K9Q2M')).toBe('TK-7F3K9Q2M');
    expect(normalizeTicketCode('  TK 7F3K 9Q2M ')).toBe('TK-7F3K9Q2M');
    expect(normalizeTicketCode('7F3K-9Q2M')).toBe('TK-7F3K9Q2M');
  });

  it('reads O as zero and I or L as one', () => {
    expect(normalizeTicketCode('TK-O0OOOOOO')).toBe('TK-00000000');
    expect(normalizeTicketCode('tk-1il1il1i')).toBe('TK-11111111');
    expect(normalizeTicketCode('7F3K9Q2O')).toBe('TK-7F3K9Q20');
  });

  it.each([
    ['empty', ''],
    ['too short', 'TK-7F3K9Q2'],
    ['too long', 'TK-7F3K9Q2MM'],
    ['a U (not in the alphabet)', 'TK-7F3K9Q2U'],
    ['punctuation', 'TK-7F3K9Q2!'],
    ['markup', '<script>alert(1)</script>'],
    ['another prefix', 'TX-7F3K9Q2M'],
    ['a very long string', 'TK-'.padEnd(500, 'A')],
    ['accented letters', 'TK-7F3K9Q2Á'],
  ])('rejects %s', (_label, input) => {
    expect(normalizeTicketCode(input)).toBeNull();
  });

  it('accepts every code it generates, in lower case too', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateTicketCode();
      expect(normalizeTicketCode(code)).toBe(code);
      expect(normalizeTicketCode(code.toLowerCase())).toBe(code);
    }
  });
});

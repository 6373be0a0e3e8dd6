import { describe, expect, it } from 'vitest';
import { cutGraphemes } from './graphemes';

describe('cutGraphemes', () => {
  it('never splits an emoji (no U+FFFD, no lone surrogate) when a preview is cut', () => {
    const text = '😭'.repeat(200);
    const cut = cutGraphemes(text, 160);
    expect(cut).toBe(`${'😭'.repeat(159)}…`);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(Buffer.from(cut, 'utf8').toString('utf8')).not.toContain('\uFFFD');
  });

  it('keeps family emoji, flags and combining accents whole', () => {
    const family = '👨‍👩‍👧';
    const flag = '🇵🇪';
    const accented = 'e\u0301';
    expect(cutGraphemes(`${family}${flag}${accented}abc`, 3)).toBe(`${family}${flag}…`);
    expect(cutGraphemes(`ab${accented}${accented}${accented}`, 4)).toBe(`ab${accented}…`);
  });

  it('returns text at or under the limit unchanged', () => {
    expect(cutGraphemes('hola', 4)).toBe('hola');
    expect(cutGraphemes('😭😭', 2)).toBe('😭😭');
    expect(cutGraphemes('', 5)).toBe('');
  });

  it('cuts plain text to the limit with the ellipsis counted', () => {
    expect(cutGraphemes('abcdefghij', 5)).toBe('abcd…');
  });
});

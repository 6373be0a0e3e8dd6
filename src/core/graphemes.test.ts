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

  it('cuts exactly where the grapheme segmenter alone would, on mixed text (fast path or not)', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const reference = (text: string, max: number) => {
      const g = Array.from(segmenter.segment(text), (x) => x.segment);
      return g.length <= max ? text : `${g.slice(0, max - 1).join('')}…`;
    };
    const pieces = ['a', 'ñ', 'É', ' ', '¿', '\n', '\t', '\r\n', 'e\u0301', '😭', '👨‍👩‍👧', '🇵🇪', 'ǅ', 'ʼ', '\u00AD', 'x'];
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const differing: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const plain = random() < 0.5;
      const text = Array.from({ length: 1 + Math.floor(random() * 40) }, () => (plain ? pieces[Math.floor(random() * 8)]! : pieces[Math.floor(random() * pieces.length)]!)).join('');
      const max = 1 + Math.floor(random() * 30);
      if (cutGraphemes(text, max) !== reference(text, max)) differing.push(JSON.stringify([text, max]));
    }
    expect(differing).toEqual([]);
  });
});

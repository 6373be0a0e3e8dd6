import { describe, expect, it } from 'vitest';
import { assetFilingPath, normalizeAssetCode } from './asset-code';

describe('código patrimonial', () => {
  it('ignores the spaces and dashes people and inventory exports put in a code', () => {
    expect(normalizeAssetCode('740899500012')).toBe('740899500012');
    expect(normalizeAssetCode(' 7408-9950 0012 ')).toBe('740899500012');
    expect(normalizeAssetCode('7408 - 9950 - 0012')).toBe('740899500012');
  });

  it('refuses letters, other punctuation, codes under 4 or over 20 digits and empty input', () => {
    for (const bad of ['PC-0012', '7408.9950', '123', '1'.repeat(21), '', '   ', null, undefined, '1'.repeat(81)]) {
      expect(normalizeAssetCode(bad)).toBeNull();
    }
  });

  it('links a label to the filing form with the asset chosen', () => {
    expect(assetFilingPath('740899500012')).toBe('/a/740899500012');
  });
});

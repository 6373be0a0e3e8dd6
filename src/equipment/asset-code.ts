/**
 * The código patrimonial: digits only. People and inventory exports write it with spaces or
 * dashes ("7408 9950-0012"); those are removed before it is stored, looked up or put in a URL,
 * so every spelling finds the same asset. 4 to 20 digits: the SBN's codes have 12, an
 * institution's own registry may use fewer.
 */
export const ASSET_CODE_MAX = 20;
const SEPARATORS = /[\s-]+/g;
const CODE = /^\d{4,20}$/;

/** The stored form of a typed code, or null when it is not one (letters, too short, too long). */
export function normalizeAssetCode(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  // Bounded before the regex runs: a code is short, so a long input is refused without scanning it twice.
  if (raw.length > 80) return null;
  const code = raw.replace(SEPARATORS, '');
  return CODE.test(code) ? code : null;
}

/** The path a QR label points to: the filing form with this asset chosen. */
export const assetFilingPath = (code: string): string => `/a/${code}`;

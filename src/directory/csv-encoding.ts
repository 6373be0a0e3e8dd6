/**
 * The text of a spreadsheet export, from its bytes, in the encodings Excel writes:
 * - "CSV UTF-8": UTF-8 with a BOM (and any valid UTF-8 without one);
 * - "CSV (delimitado por comas)" on a Spanish Windows: Windows-1252, where "Informática" is not
 *   valid UTF-8 — so bytes that are not valid UTF-8 are read as Windows-1252;
 * - "Texto Unicode": UTF-16 little-endian with a BOM (tab separated).
 * The BOM is kept out of the returned text.
 */
export function decodeSpreadsheetBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

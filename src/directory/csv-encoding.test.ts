import { describe, expect, it } from 'vitest';
import { decodeSpreadsheetBytes } from './csv-encoding';

const line = 'codigo;descripcion;oficina\n740899500012;Impresora láser;Logística\n';

describe('spreadsheet export encodings', () => {
  it('reads UTF-8 with and without the BOM of Excel\'s "CSV UTF-8"', () => {
    expect(decodeSpreadsheetBytes(Buffer.from(line, 'utf8'))).toBe(line);
    expect(decodeSpreadsheetBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line, 'utf8')]))).toBe(line);
  });

  it("reads the Windows-1252 of a Spanish Excel's plain CSV, accents intact", () => {
    expect(decodeSpreadsheetBytes(Buffer.from(line, 'latin1'))).toBe(line);
  });

  it('reads the UTF-16 of Excel\'s "Texto Unicode" export', () => {
    const tabbed = line.replace(/;/g, '\t');
    expect(decodeSpreadsheetBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabbed, 'utf16le')]))).toBe(tabbed);
  });
});

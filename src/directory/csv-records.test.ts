import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsvRecords } from './csv-records';

describe('reading CSV records', () => {
  it('splits fields and numbers each record by the line it starts on, skipping blank lines', () => {
    expect(readCsvRecords('a;b\r\n1;2\r\n\r\n3;4', ';')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
    const text = '\uFEFFname,note\n"Pérez, Ana","dijo ""hola""\nen dos líneas"\nx,y\n';
    expect(readCsvRecords(text, ',')).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Pérez, Ana', 'dijo "hola"\nen dos líneas'] },
      { line: 4, fields: ['x', 'y'] },
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(readCsvRecords('a,,c,\n', ',')).toEqual([{ line: 1, fields: ['a', '', 'c', ''] }]);
  });

  it('reports an unclosed quote with the line where it started', () => {
    expect(() => readCsvRecords('a,b\n1,"abierta\n2,3\n', ',')).toThrow(CsvSyntaxError);
    try {
      readCsvRecords('a,b\n1,"abierta\n2,3\n', ',');
    } catch (err) {
      expect((err as CsvSyntaxError).line).toBe(2);
    }
  });
});

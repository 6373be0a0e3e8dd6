/**
 * Reading the staff directory CSV (design.md): a header row with the columns
 * `dni, nombres|first_name, apellidos|last_name, oficina|office, telefono|phone` and optionally
 * `anio|year` and `correo|email` (where e-mails to followers are sent), in any case and order, with or without accents, `;` or `,` separated, with or
 * without a BOM (Excel's "CSV UTF-8"). Each line is checked on its own; a bad line is reported
 * with its number (the header is line 1) and its reasons, and the rest still imports.
 * Pure: no database here (see commands/import-staff.ts).
 */
import { AppError } from '../core/errors';
import type { MessageKey, Params } from '../i18n';
import { isValidDni } from './dni';
import { cleanEmail, cleanName, cleanPhone, NAME_MAX } from './person-fields';
import { CsvSyntaxError, readCsvRecords, type CsvRecord } from './csv-records';

export type Column = 'dni' | 'firstName' | 'lastName' | 'office' | 'phone' | 'email' | 'year';

const HEADER_NAMES: Record<Column, string[]> = {
  dni: ['dni', 'documento', 'nro_dni', 'numero_dni'],
  firstName: ['nombres', 'nombre', 'first_name', 'firstname', 'first_names', 'given_name'],
  lastName: ['apellidos', 'apellido', 'last_name', 'lastname', 'surname', 'surnames'],
  office: ['oficina', 'office', 'dependencia'],
  phone: ['telefono', 'phone', 'celular', 'movil', 'mobile'],
  email: ['correo', 'email', 'e_mail', 'correo_electronico'],
  year: ['anio', 'ano', 'year'],
};
const REQUIRED: Column[] = ['dni', 'firstName', 'lastName', 'office'];
export const OFFICE_NAME_MAX = 200;

export interface Reason {
  key: MessageKey;
  params?: Params;
}

export interface StaffCsvRow {
  line: number;
  dni: string;
  firstName: string;
  lastName: string;
  office: string;
  /** undefined = the file has no phone column or the cell is empty (the stored phone is kept). */
  phone: string | undefined;
  /** undefined = no e-mail column or an empty cell (the stored e-mail is kept). */
  email: string | undefined;
  /** undefined = the import's default year. */
  year: number | undefined;
}

export interface ParsedStaffCsv {
  rows: StaffCsvRow[];
  rejected: { line: number; reasons: Reason[] }[];
}

/** Lower case, no accents, words joined by `_`: "Teléfono " → "telefono", "First Name" → "first_name". */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The key offices are matched by: case, accents and extra spaces do not make a different office. */
export const officeKey = (name: string): string => normalizeHeader(cleanName(name)).replace(/_/g, ' ');

/** The separator of the header line: `;` (a Spanish Excel), a tab (Excel's "Texto Unicode") or `,`. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const count = (c: string) => firstLine.split(c).length - 1;
  if (count(';') > count(',')) return ';';
  if (count('\t') > count(',')) return '\t';
  return ',';
}

/**
 * A CSV file with a header row, as both imports read it: the separator guessed from the header,
 * a syntax error or a missing required column refused in the report's words, and the columns found
 * by any of their names (the first one named wins). `cell` is undefined where the file has no such
 * column, the trimmed text otherwise.
 */
export function readCsvTable<C extends string>(text: string, headerNames: Record<C, string[]>, required: C[]): { records: CsvRecord[]; cell: (record: string[], column: C) => string | undefined } {
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ''));
  let records: CsvRecord[];
  try {
    records = readCsvRecords(text, delimiter);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new AppError('CSV_MALFORMED', { line: err.line });
    throw err;
  }
  const header = records[0];
  const names = (columns: C[]) => columns.map((c) => headerNames[c][0]).join(', ');
  if (!header) throw new AppError('CSV_HEADER_INVALID', { missing: names(required) });
  const index = new Map<C, number>();
  header.fields.forEach((h, i) => {
    const name = normalizeHeader(h);
    for (const [column, aliases] of Object.entries(headerNames) as [C, string[]][]) {
      if (aliases.includes(name) && !index.has(column)) index.set(column, i);
    }
  });
  const missing = required.filter((c) => !index.has(c));
  if (missing.length) throw new AppError('CSV_HEADER_INVALID', { missing: names(missing) });
  const cell = (record: string[], column: C): string | undefined => {
    const i = index.get(column);
    return i === undefined ? undefined : (record[i] ?? '').trim();
  };
  return { records: records.slice(1), cell };
}

export function parseStaffCsv(text: string): ParsedStaffCsv {
  const table = readCsvTable(text, HEADER_NAMES, REQUIRED);
  const cell = (record: string[], column: Column): string => table.cell(record, column) ?? '';
  const rows: StaffCsvRow[] = [];
  const rejected: ParsedStaffCsv['rejected'] = [];
  const firstLineOfDni = new Map<string, number>();

  for (const { fields: record, line } of table.records) {
    const reasons: Reason[] = [];
    const dni = cell(record, 'dni').replace(/\s/g, '');
    if (!isValidDni(dni)) {
      reasons.push(/^\d{7}$/.test(dni) ? { key: 'import.reason.dniSevenDigits' } : { key: 'import.reason.dniInvalid' });
    } else {
      const earlier = firstLineOfDni.get(dni);
      if (earlier !== undefined) reasons.push({ key: 'import.reason.dniRepeated', params: { line: earlier } });
      else firstLineOfDni.set(dni, line);
    }
    const firstName = cleanName(cell(record, 'firstName'));
    const lastName = cleanName(cell(record, 'lastName'));
    const office = cleanName(cell(record, 'office'));
    if (!firstName) reasons.push({ key: 'import.reason.firstNameMissing' });
    else if (firstName.length > NAME_MAX) reasons.push({ key: 'import.reason.firstNameTooLong', params: { limit: NAME_MAX } });
    if (!lastName) reasons.push({ key: 'import.reason.lastNameMissing' });
    else if (lastName.length > NAME_MAX) reasons.push({ key: 'import.reason.lastNameTooLong', params: { limit: NAME_MAX } });
    if (!office) reasons.push({ key: 'import.reason.officeMissing' });
    else if (office.length > OFFICE_NAME_MAX) reasons.push({ key: 'import.reason.officeTooLong', params: { limit: OFFICE_NAME_MAX } });
    const rawPhone = cell(record, 'phone');
    const phone = cleanPhone(rawPhone);
    if (phone === undefined) reasons.push({ key: 'import.reason.phoneInvalid' });
    const email = cleanEmail(cell(record, 'email'));
    if (email === undefined) reasons.push({ key: 'import.reason.emailInvalid' });
    const rawYear = cell(record, 'year');
    let year: number | undefined;
    if (rawYear) {
      year = /^\d{4}$/.test(rawYear) ? Number(rawYear) : NaN;
      if (!(year >= 2000 && year <= 2100)) reasons.push({ key: 'import.reason.yearInvalid' });
    }
    if (reasons.length) {
      rejected.push({ line, reasons });
      continue;
    }
    rows.push({ line, dni, firstName, lastName, office, phone: phone ?? undefined, email: email ?? undefined, year });
  }
  return { rows, rejected };
}

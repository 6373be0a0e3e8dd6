/**
 * Reading the equipment inventory CSV (design.md "Equipment"): a header row with the columns
 * `codigo_patrimonial|code, descripcion|description, marca|brand, modelo|model, serie|serial,
 * oficina|office, dni_responsable|custodian_dni` in any case and order, with or without accents,
 * separated like the staff import (`;`, `,` or tab), read with the same RFC 4180 reader — so the
 * line numbers of the report mean the same thing (the header is line 1). Each line is checked on
 * its own; a bad line is reported with its reasons and the rest still imports. Pure: no database
 * here (offices and DNIs are checked by commands/import-assets.ts).
 */
import { isValidDni } from '../directory/dni';
import { readCsvTable, type Reason } from '../directory/import-staff-csv';
import { cleanName } from '../directory/person-fields';
import { normalizeAssetCode } from './asset-code';
import { cleanOptional, DESCRIPTION_MAX, DETAIL_MAX, descriptionProblem, detailTooLong } from './asset-fields';

export type AssetColumn = 'code' | 'description' | 'brand' | 'model' | 'serial' | 'office' | 'custodianDni';

const HEADER_NAMES: Record<AssetColumn, string[]> = {
  code: ['codigo_patrimonial', 'code', 'codigo', 'cod_patrimonial', 'codigo_sbn', 'asset_code'],
  description: ['descripcion', 'description', 'denominacion', 'descripcion_del_bien', 'nombre_del_bien'],
  brand: ['marca', 'brand'],
  model: ['modelo', 'model'],
  serial: ['serie', 'serial', 'nro_serie', 'numero_de_serie', 'serial_number'],
  office: ['oficina', 'office', 'dependencia', 'area', 'ubicacion'],
  custodianDni: ['dni_responsable', 'custodian_dni', 'dni', 'dni_usuario', 'responsable_dni'],
};
const REQUIRED: AssetColumn[] = ['code', 'description', 'office'];

export interface AssetCsvRow {
  line: number;
  code: string;
  description: string;
  /** undefined = the file has no such column (the stored value is kept); null = the cell is empty. */
  brand: string | null | undefined;
  model: string | null | undefined;
  serial: string | null | undefined;
  office: string;
  custodianDni: string | null | undefined;
}

export interface ParsedAssetCsv {
  rows: AssetCsvRow[];
  rejected: { line: number; reasons: Reason[] }[];
}

export function parseAssetCsv(text: string): ParsedAssetCsv {
  const { records, cell } = readCsvTable(text, HEADER_NAMES, REQUIRED);
  const rows: AssetCsvRow[] = [];
  const rejected: ParsedAssetCsv['rejected'] = [];
  const firstLineOfCode = new Map<string, number>();

  for (const { fields: record, line } of records) {
    const reasons: Reason[] = [];
    const rawCode = cell(record, 'code') ?? '';
    const code = normalizeAssetCode(rawCode);
    if (!code) {
      // Excel shows a long number as 7.40899E+11 and saves it that way: the digits are lost.
      reasons.push(/e\+/i.test(rawCode) ? { key: 'assetImport.reason.codeScientific' } : { key: 'assetImport.reason.codeInvalid' });
    } else {
      const earlier = firstLineOfCode.get(code);
      if (earlier !== undefined) reasons.push({ key: 'assetImport.reason.codeRepeated', params: { line: earlier } });
      else firstLineOfCode.set(code, line);
    }
    const description = cleanName(cell(record, 'description') ?? '');
    const problem = descriptionProblem(description);
    if (problem === 'required') reasons.push({ key: 'assetImport.reason.descriptionMissing' });
    if (problem === 'tooLong') reasons.push({ key: 'assetImport.reason.descriptionTooLong', params: { limit: DESCRIPTION_MAX } });
    const detail = (column: 'brand' | 'model' | 'serial') => {
      const raw = cell(record, column);
      const v = raw === undefined ? undefined : cleanOptional(raw);
      if (v !== undefined && detailTooLong(v)) reasons.push({ key: 'assetImport.reason.detailTooLong', params: { column: HEADER_NAMES[column][0], limit: DETAIL_MAX } });
      return v;
    };
    const brand = detail('brand');
    const model = detail('model');
    const serial = detail('serial');
    const office = cleanName(cell(record, 'office') ?? '');
    if (!office) reasons.push({ key: 'import.reason.officeMissing' });
    const rawDni = cell(record, 'custodianDni');
    let custodianDni: string | null | undefined = rawDni === undefined ? undefined : rawDni.replace(/\s/g, '') || null;
    if (custodianDni && !isValidDni(custodianDni)) {
      reasons.push(/^\d{7}$/.test(custodianDni) ? { key: 'import.reason.dniSevenDigits' } : { key: 'import.reason.dniInvalid' });
      custodianDni = undefined;
    }
    if (reasons.length) {
      rejected.push({ line, reasons });
      continue;
    }
    rows.push({ line, code: code!, description, brand, model, serial, office, custodianDni });
  }
  return { rows, rejected };
}

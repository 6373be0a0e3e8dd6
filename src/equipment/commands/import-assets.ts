/**
 * Imports the equipment inventory from CSV text in one transaction, with the staff import's rules
 * (design.md): new codes are added, known ones corrected and reactivated; a line naming an office
 * that does not exist, or a custodian DNI that is not in the directory, is rejected with its line
 * (offices are not created from an inventory: a typo would make a new office); a code repeated in
 * the file keeps its first line. Importing the same file again reports created 0, updated 0.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { DialectName } from '../../db/database';
import type { Clock } from '../../core/context';
import { listOffices } from '../../directory/offices.repository';
import { officeKey, type Reason } from '../../directory/import-staff-csv';
import { parseAssetCsv } from '../import-assets-csv';
import { findAssetValuesByCodes, insertAssets, staffIdsByDnis, updateAsset, type AssetValues } from '../assets.repository';

export interface AssetImportDeps {
  db: Kysely<DB>;
  dialect: DialectName;
  clock: Clock;
}

export interface AssetImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** In line order. */
  rejected: { line: number; reasons: Reason[] }[];
}

const same = (a: AssetValues, b: AssetValues) =>
  a.description === b.description &&
  a.brand === b.brand &&
  a.model === b.model &&
  a.serial === b.serial &&
  a.officeId === b.officeId &&
  a.custodianStaffId === b.custodianStaffId &&
  a.active === b.active;

export async function importAssets(deps: AssetImportDeps, csvText: string): Promise<AssetImportReport> {
  const parsed = parseAssetCsv(csvText);
  const now = deps.clock();
  const report: AssetImportReport = { created: 0, updated: 0, unchanged: 0, rejected: [...parsed.rejected] };

  await deps.db.transaction().execute(async (trx) => {
    // Offices by name (an active one wins over an inactive one of the same name) or by code.
    const officeIds = new Map<string, number>();
    const offices = await listOffices(trx);
    for (const o of [...offices].sort((a, b) => Number(b.active) - Number(a.active) || a.id - b.id)) {
      if (!officeIds.has(officeKey(o.name))) officeIds.set(officeKey(o.name), o.id);
    }
    const officeIdsByCode = new Map(offices.filter((o) => o.code).map((o) => [o.code!.trim().toLowerCase(), o.id]));
    const dnis = [...new Set(parsed.rows.flatMap((r) => (r.custodianDni ? [r.custodianDni] : [])))];
    const staffIds = await staffIdsByDnis(trx, dnis);
    const existing = await findAssetValuesByCodes(
      trx,
      parsed.rows.map((r) => r.code),
    );

    const fresh: { code: string; values: AssetValues }[] = [];
    for (const row of parsed.rows) {
      const reasons: Reason[] = [];
      const officeId = officeIds.get(officeKey(row.office)) ?? officeIdsByCode.get(row.office.toLowerCase());
      if (officeId === undefined) reasons.push({ key: 'assetImport.reason.officeUnknown', params: { office: row.office } });
      const custodianStaffId = row.custodianDni ? staffIds.get(row.custodianDni) : null;
      if (custodianStaffId === undefined) reasons.push({ key: 'assetImport.reason.custodianUnknown', params: { dni: row.custodianDni! } });
      if (reasons.length) {
        report.rejected.push({ line: row.line, reasons });
        continue;
      }
      const known = existing.get(row.code);
      const values: AssetValues = {
        description: row.description,
        // A column the file does not have keeps what is stored.
        brand: row.brand === undefined ? (known?.brand ?? null) : row.brand,
        model: row.model === undefined ? (known?.model ?? null) : row.model,
        serial: row.serial === undefined ? (known?.serial ?? null) : row.serial,
        officeId: officeId!,
        custodianStaffId: row.custodianDni === undefined ? (known?.custodianStaffId ?? null) : custodianStaffId!,
        active: true,
      };
      if (!known) {
        fresh.push({ code: row.code, values });
      } else if (same(known, values)) {
        report.unchanged++;
      } else {
        await updateAsset(trx, known.id, values, now);
        report.updated++;
      }
    }
    await insertAssets(trx, fresh, now);
    report.created = fresh.length;
  });
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

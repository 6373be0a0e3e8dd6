import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { DialectName } from '../../db/database';
import type { Clock } from '../../core/context';
import { localYear } from '../../core/local-time';
import { insertOffice, listOffices } from '../offices.repository';
import { findStaffByDnis, insertStaffMembers, insertStaffOffices, moveStaffOffices, updateStaffMember, type NewStaffRow } from '../staff.repository';
import { officeKey, parseStaffCsv, type Reason, type StaffCsvRow } from '../import-staff-csv';

export interface ImportDeps {
  db: Kysely<DB>;
  dialect: DialectName;
  clock: Clock;
  timeZone: string;
}

export interface StaffImportReport {
  /** The year office assignments were written for (unless a row names its own). */
  year: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { line: number; reasons: Reason[] }[];
  officesCreated: string[];
}

/**
 * Imports the staff directory from CSV text in one transaction: new people are added, known
 * ones (by DNI) are corrected and reactivated, each gets the named office for the year; an
 * office name not seen before becomes a new top-level office. Importing the same file again
 * changes nothing (created 0, updated 0). Bad lines are reported, never half-imported.
 */
export async function importStaff(deps: ImportDeps, csvText: string): Promise<StaffImportReport> {
  const parsed = parseStaffCsv(csvText);
  const now = deps.clock();
  const defaultYear = localYear(now, deps.timeZone);
  const report: StaffImportReport = { year: defaultYear, created: 0, updated: 0, unchanged: 0, rejected: parsed.rejected, officesCreated: [] };

  await deps.db.transaction().execute(async (trx) => {
    // Offices by name: an active office wins over an inactive one of the same name.
    const officeIds = new Map<string, number>();
    const offices = await listOffices(trx);
    for (const o of [...offices].sort((a, b) => Number(b.active) - Number(a.active) || a.id - b.id)) {
      if (!officeIds.has(officeKey(o.name))) officeIds.set(officeKey(o.name), o.id);
    }
    for (const row of parsed.rows) {
      const key = officeKey(row.office);
      if (officeIds.has(key)) continue;
      officeIds.set(key, await insertOffice(trx, deps.dialect, { name: row.office, code: null, parentId: null, now }));
      report.officesCreated.push(row.office);
    }

    const byYear = new Map<number, StaffCsvRow[]>();
    for (const row of parsed.rows) {
      const year = row.year ?? defaultYear;
      const list = byYear.get(year) ?? [];
      list.push(row);
      byYear.set(year, list);
    }
    for (const [year, rows] of byYear) {
      const existing = await findStaffByDnis(
        trx,
        rows.map((r) => r.dni),
        year,
      );
      const fresh: (NewStaffRow & { officeId: number })[] = [];
      const newAssignments: { staffId: number; officeId: number; year: number }[] = [];
      const moves: { staffId: number; officeId: number }[] = [];
      for (const row of rows) {
        const officeId = officeIds.get(officeKey(row.office))!;
        const known = existing.get(row.dni);
        if (!known) {
          fresh.push({ dni: row.dni, firstName: row.firstName, lastName: row.lastName, phone: row.phone ?? null, email: row.email ?? null, officeId });
          continue;
        }
        const phoneChanged = row.phone !== undefined && row.phone !== known.phone;
        const emailChanged = row.email !== undefined && row.email !== known.email;
        const personChanged = row.firstName !== known.firstName || row.lastName !== known.lastName || phoneChanged || emailChanged || !known.active;
        if (personChanged) {
          await updateStaffMember(
            trx,
            known.id,
            { firstName: row.firstName, lastName: row.lastName, phone: phoneChanged ? row.phone : undefined, email: emailChanged ? row.email : undefined, active: true },
            now,
          );
        }
        let officeChanged = false;
        if (known.officeId === undefined) {
          newAssignments.push({ staffId: known.id, officeId, year });
          officeChanged = true;
        } else if (known.officeId !== officeId) {
          moves.push({ staffId: known.id, officeId });
          officeChanged = true;
        }
        if (personChanged || officeChanged) report.updated++;
        else report.unchanged++;
      }
      if (fresh.length) {
        const ids = await insertStaffMembers(trx, fresh, now);
        for (const f of fresh) newAssignments.push({ staffId: ids.get(f.dni)!, officeId: f.officeId, year });
        report.created += fresh.length;
      }
      await insertStaffOffices(trx, newAssignments);
      await moveStaffOffices(trx, year, moves);
    }
  });
  return report;
}

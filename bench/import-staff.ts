/**
 * How long the staff CSV import takes on SQLite: `npx tsx bench/import-staff.ts [rows...]`
 * (default 1000 and 100000). Each size runs on a fresh temporary database: first import (all
 * new), the same file again (all unchanged), then a file where every tenth person moved office.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { importStaff } from '../src/directory/commands/import-staff';

const OFFICES = Array.from({ length: 66 }, (_, i) => `Oficina ${String(i + 1).padStart(2, '0')}`);
const FIRST = ['Juan Carlos', 'María Elena', 'Rosa', 'Luis Alberto', 'Ana', 'Jorge', 'Elena', 'Pedro'];
const LAST = ['Quispe Mamani', 'Huamán Flores', 'Torres Rojas', 'Pérez Vega', 'Ccama Apaza', 'Salas Ríos'];

function csv(rows: number, shift = 0): string {
  const out = ['dni;nombres;apellidos;oficina;telefono'];
  for (let i = 0; i < rows; i++) {
    const office = OFFICES[(i + (i % 10 === 0 ? shift : 0)) % OFFICES.length];
    out.push(`${String(10_000_000 + i)};${FIRST[i % FIRST.length]};${LAST[i % LAST.length]};${office};${i % 2 ? `9${String(i).padStart(8, '0')}` : ''}`);
  }
  return out.join('\n');
}

async function run(rows: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'itims-bench-'));
  const database = createDatabase(`sqlite:${join(dir, 'bench.sqlite')}`);
  try {
    await migrateToLatest(database);
    const deps = { db: database.db, dialect: database.dialect, clock: () => Date.now(), timeZone: 'America/Lima' };
    const first = csv(rows);
    for (const [label, text] of [
      ['first import', first],
      ['same file again', first],
      ['every 10th moved', csv(rows, 1)],
    ] as const) {
      const started = performance.now();
      const report = await importStaff(deps, text);
      const ms = Math.round(performance.now() - started);
      console.log(
        `${String(rows).padStart(7)} rows, ${label.padEnd(16)} ${String(ms).padStart(6)} ms  created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected.length}`,
      );
    }
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
for (const rows of sizes.length ? sizes : [1000, 100_000]) await run(rows);

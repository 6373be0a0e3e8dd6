/**
 * `npx tsx bench/metrics-summary.ts [--tickets 1000000] [--db URL] [--runs 9] [--live]`
 * Latency of `GET /metrics/summary`'s computation on a large database. Builds the database once
 * with `seed-bulk.ts` (1,000,000 tickets over 4 years by default: ~5 M notifications, ~3 M events,
 * ~1.3 M assistant interactions) and reuses it on later runs; then times the summary for a month,
 * a year and the whole history, with and without an office filter. Target: ≤ 300 ms.
 *
 * Each case first computes the summary once (`first`: on a fresh database this builds the daily
 * rollups) and checks it equals the live computation (`rollups: false`); then times `--runs`
 * calls. `--live` also times the live computation, for comparison in the same run.
 *
 * Default database: `sqlite:./data/bench-metrics-<tickets>.sqlite`; pass `--db postgres://…` for
 * PostgreSQL (an empty database is filled first, then `VACUUM ANALYZE`d as autovacuum would).
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { computeSummary } from '../src/metrics/summary';
import { resolveRange, rangeOf } from '../src/metrics/range';
import { seedBulk } from './seed-bulk';

const TZ = 'America/Lima';

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

async function main() {
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string', default: '1000000' },
      db: { type: 'string' },
      runs: { type: 'string', default: '9' },
      live: { type: 'boolean', default: false },
    },
  });
  const tickets = Number(values.tickets);
  const url = values.db ?? `sqlite:./data/bench-metrics-${tickets}.sqlite`;
  const database = createDatabase(url);
  try {
    await migrateToLatest(database);
    const existing = await database.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(existing.n) === 0) {
      console.error(`Construyendo ${tickets.toLocaleString('es-PE')} tickets en ${database.dialect} (una sola vez)…`);
      const r = await seedBulk(database, { tickets, staff: Math.max(1000, Math.round(tickets / 10)), years: 4, waiting: 1000, seed: 42 });
      console.error(`Listo en ${r.seconds.toFixed(0)} s.`);
    } else {
      console.error(`Reutilizando ${Number(existing.n).toLocaleString('es-PE')} tickets de ${url.replace(/\/\/[^@]*@/, '//***@')}.`);
    }
    if (database.dialect === 'postgres') {
      // A bulk load leaves no planner statistics and no visibility map until autovacuum passes:
      // measure the steady state a live database is in, not the minute after a million inserts.
      await sql`VACUUM ANALYZE`.execute(database.db);
    }
    const last = await database.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.max('created_at').as('t'))
      .executeTakeFirstOrThrow();
    const first = await database.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.min('created_at').as('t'))
      .executeTakeFirstOrThrow();
    const now = Number(last.t) + 60_000;
    const office = await database.db.selectFrom('offices').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
    const cases = [
      { name: 'last 30 days', range: resolveRange({}, TZ, now), filters: {} },
      { name: 'last 30 days, one office', range: resolveRange({}, TZ, now), filters: { officeId: office.id } },
      { name: 'last 365 days', range: rangeOf(now - 365 * 86_400_000, now, TZ), filters: {} },
      { name: 'whole history', range: rangeOf(Number(first.t), now, TZ), filters: {} },
    ];
    const runs = Number(values.runs);
    console.log(`dialect=${database.dialect} tickets=${Number(existing.n) || tickets} runs=${runs}`);
    const time = async (fn: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await fn();
        samples.push(performance.now() - t0);
      }
      return stats(samples);
    };
    for (const c of cases) {
      const t0 = performance.now();
      const s = await computeSummary(database.db, c.range, c.filters);
      const first = performance.now() - t0;
      const live = await computeSummary(database.db, c.range, c.filters, { rollups: false });
      // Same figures as the live tables (means compared to the microsecond: PostgreSQL and MariaDB
      // average in NUMERIC, we divide sums in double).
      const same =
        JSON.stringify(s, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)) ===
        JSON.stringify(live, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));
      const { median, p95 } = await time(() => computeSummary(database.db, c.range, c.filters));
      let line = `${c.name.padEnd(26)} reported=${String(s.tickets.reported).padStart(8)}  first=${first.toFixed(0).padStart(5)} ms  median=${median.toFixed(1)} ms  p95=${p95.toFixed(1)} ms  ${same ? '= live' : '≠ LIVE'}`;
      if (values.live) {
        const l = await time(() => computeSummary(database.db, c.range, c.filters, { rollups: false }));
        line += `  | live median=${l.median.toFixed(1)} ms  p95=${l.p95.toFixed(1)} ms`;
      }
      console.log(line);
      if (!same) console.log({ rollups: s, live });
    }
  } finally {
    await database.close();
  }
}

await main();

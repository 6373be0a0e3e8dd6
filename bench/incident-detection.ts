/**
 * Bench scenario (issue 19): filing with major-incident detection on against off. Detection runs in
 * the outbox worker (`ticket.created`), never in the request, so what it can add to filing is the
 * worker's reads and writes competing with the requests for the CPU and the database; the bench
 * measures that end to end: plain JSON filings from a closed loop of workers, on servers that differ
 * only in `INCIDENT_MIN_TICKETS` (0 = off, 3 = the default), in ABBA order (off, on, on, off, …) on one
 * seeded database so drift and warm-up do not favour either. Every filing of a round is in the
 * detection window, so in the on rounds each filing's job reads its category's waiting tickets
 * (hundreds by then) — more than a real burst. People: odd indexes of the bulk directory from the
 * top down, each round continuing where the last stopped, so nobody files twice.
 */
import { bulkDni } from './seed-bulk';

const DESCRIPTION = 'No hay internet en toda la oficina desde hace unos minutos.';

export interface FilingLoop {
  /** Every request's latency in ms (the measured part only). */
  latencies: number[];
  created: number;
  statuses: Record<number, number>;
  /** Requests made, warm-up included (the next round starts that many people further down). */
  requests: number;
}

/** `warmupSeconds` of filings not counted, then `seconds` counted, from `concurrency` workers. */
export async function filingLoop(opts: { base: string; staff: number; categories: number[]; concurrency: number; warmupSeconds: number; seconds: number; firstFromTop: number }): Promise<FilingLoop> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let created = 0;
  let next = 0;
  const start = performance.now();
  const measureFrom = start + opts.warmupSeconds * 1000;
  const end = measureFrom + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < end) {
        const k = next++;
        const index = opts.staff - 1 - 2 * (opts.firstFromTop + k);
        if (index < 1) throw new Error(`not enough people for the filings: use a larger --staff (${opts.staff})`);
        const body = JSON.stringify({ dni: bulkDni(index), categoryId: opts.categories[k % opts.categories.length], description: DESCRIPTION });
        const started = performance.now();
        const res = await fetch(`${opts.base}/api/v1/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        if (started < measureFrom) continue;
        latencies.push(performance.now() - started);
        if (res.status === 201) created++;
        else statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  return { latencies, created, statuses, requests: next };
}

export function quantiles(values: number[]): { n: number; p50: number; p95: number; p99: number } {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99) };
}

/**
 * The same filings sent alternately to several servers (request k to `bases[k % n]`), so whatever
 * else the machine does falls on every side alike; latencies per side.
 */
export async function pairedFilingLoop(opts: { bases: string[]; staff: number; categories: number[]; concurrency: number; warmupSeconds: number; seconds: number }): Promise<FilingLoop[]> {
  const sides: FilingLoop[] = opts.bases.map(() => ({ latencies: [], created: 0, statuses: {}, requests: 0 }));
  let next = 0;
  const measureFrom = performance.now() + opts.warmupSeconds * 1000;
  const end = measureFrom + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < end) {
        const k = next++;
        const side = sides[k % sides.length]!;
        side.requests++;
        const index = opts.staff - 1 - 2 * Math.floor(k / sides.length);
        if (index < 1) throw new Error(`not enough people for the filings: use a larger --staff (${opts.staff})`);
        const body = JSON.stringify({ dni: bulkDni(index), categoryId: opts.categories[Math.floor(k / sides.length) % opts.categories.length], description: DESCRIPTION });
        const started = performance.now();
        const res = await fetch(`${opts.bases[k % sides.length]}/api/v1/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        if (started < measureFrom) continue;
        side.latencies.push(performance.now() - started);
        if (res.status === 201) side.created++;
        else side.statuses[res.status] = (side.statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  return sides;
}

/**
 * Bench scenario: filing tickets that name an asset (`assetCode`), against filing without one on
 * the same server, so the cost of the asset lookup shows beside the plain path. People come from
 * the top of the bulk directory downwards (the plain filing scenario takes them from the bottom),
 * so the flood guard never answers 429; each files about the computer in their custody
 * (seed-bulk.ts gives every second person one, `bulkAssetCode`). Every 201 must be stored with
 * its asset.
 */
import autocannon from 'autocannon';
import { createDatabase } from '../src/db/database';
import { bulkAssetCode, bulkDni } from './seed-bulk';

export interface FilingResult {
  created: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  statuses: Record<number, number>;
  /** Answered 201 and found in the database with the asset named (with an asset only). */
  storedWithAsset: number | null;
  codes: string[];
}

const DESCRIPTION = 'La computadora a mi cargo se reinicia sola varias veces al día.';

/**
 * `withAsset` false: the same request without `assetCode`, for the comparison. `firstFromTop`
 * skips that many people from the top (so two runs never file for the same person).
 */
export async function fileTickets(opts: {
  base: string;
  databaseUrl: string;
  staff: number;
  categories: number[];
  connections: number;
  duration: number;
  withAsset: boolean;
  firstFromTop: number;
}): Promise<FilingResult> {
  let i = 0;
  const codes: string[] = [];
  const statuses: Record<number, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: opts.base,
        connections: opts.connections,
        duration: opts.duration,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              const k = i++;
              // Even staff indexes hold a computer: go down two at a time from the top.
              const index = opts.staff - 2 - 2 * (opts.firstFromTop + k);
              const body: Record<string, unknown> = { dni: bulkDni(Math.max(0, index)), categoryId: opts.categories[k % opts.categories.length], description: DESCRIPTION };
              if (opts.withAsset) body.assetCode = bulkAssetCode(Math.max(0, index));
              return { ...req, path: '/api/v1/tickets', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
            },
            onResponse: (status, body) => {
              if (status === 201) codes.push((JSON.parse(body) as { code: string }).code);
              else statuses[status] = (statuses[status] ?? 0) + 1;
            },
          },
        ],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
  });
  let storedWithAsset: number | null = null;
  if (opts.withAsset) {
    const check = createDatabase(opts.databaseUrl);
    try {
      storedWithAsset = 0;
      for (let k = 0; k < codes.length; k += 500) {
        const r = await check.db
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('code', 'in', codes.slice(k, k + 500))
          .where('asset_id', 'is not', null)
          .executeTakeFirstOrThrow();
        storedWithAsset += Number(r.n);
      }
    } finally {
      await check.close();
    }
  }
  return {
    created: result['2xx'],
    perSecond: result['2xx'] / opts.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses,
    storedWithAsset,
    codes,
  };
}

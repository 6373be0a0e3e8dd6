/**
 * `GET /reports/assets.csv`: tickets per asset in a period, first the worst (the ranking of
 * equipment/asset-ranking.repository.ts), in the exports' CSV dialect — UTF-8 with BOM, CRLF,
 * formula-looking cells neutralized (descriptions come from the inventory).
 */
import { stringify } from 'csv-stringify';
import type { Executor } from '../db/database';
import { t, type Locale, type MessageKey } from '../i18n';
import type { MetricsFilters, MetricsRange } from '../metrics/range';
import { rankAssetsByTickets } from '../equipment/asset-ranking.repository';
import { neutralizeFormula } from './csv';

/** Every asset with a ticket in the period, up to this many (a whole inventory fits). */
export const ASSET_REPORT_MAX = 100_000;

const COLUMNS: MessageKey[] = [
  'assetReport.col.rank',
  'assetReport.col.code',
  'assetReport.col.description',
  'assetReport.col.office',
  'assetReport.col.tickets',
  'assetReport.col.resolved',
  'assetReport.col.open',
  'assetReport.col.lastAt',
  'assetReport.col.from',
  'assetReport.col.to',
];

export async function assetsCsv(db: Executor, range: MetricsRange, filters: MetricsFilters, locale: Locale): Promise<string> {
  const rows = await rankAssetsByTickets(db, { start: range.start, end: range.end }, filters, ASSET_REPORT_MAX);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: range.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const records = rows.map((r, i) => [
    String(i + 1),
    r.code,
    neutralizeFormula(r.description),
    neutralizeFormula(r.office),
    String(r.tickets),
    String(r.resolved),
    String(r.open),
    day.format(new Date(r.lastAt)),
    range.firstDate,
    range.lastDate,
  ]);
  return new Promise((resolve, reject) =>
    stringify(records, { bom: true, header: true, columns: COLUMNS.map((k) => t(locale, k)), record_delimiter: '\r\n' }, (err, out) => (err ? reject(err) : resolve(out))),
  );
}

/**
 * CSV exports: UTF-8 with a byte-order mark (so Excel shows accents), comma-separated, one
 * header row. Cells that a spreadsheet would run as a formula (=, +, -, @ …) get a leading
 * apostrophe: descriptions come from the public form.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Executor } from '../db/database';
import type { TicketStatus } from '../db/schema';
import { t, type Locale, type MessageKey } from '../i18n';
import { round2 } from '../metrics/display';
import type { MetricsFilters, MetricsRange } from '../metrics/range';
import type { MetricsSummary } from '../metrics/summary';
import { ticketsPage, type ExportCursor } from './reports.repository';

const FORMULA_START = /^[=+\-@\t\r]/;
export const neutralizeFormula = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** Local "YYYY-MM-DD HH:mm" in the institution's time zone. */
function localStamp(epochMs: number | null, timeZone: string): string {
  if (epochMs === null) return '';
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(epochMs))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const minutesBetween = (from: number, to: number | null) => (to === null ? '' : String(Math.round(((to - from) / 60_000) * 100) / 100));

const TICKET_COLUMNS: MessageKey[] = [
  'reports.col.code',
  'reports.col.createdAt',
  'reports.col.status',
  'reports.col.priority',
  'reports.col.category',
  'reports.col.office',
  'reports.col.channel',
  'reports.col.assignee',
  'reports.col.firstActionAt',
  'reports.col.resolvedAt',
  'reports.col.closedAt',
  'reports.col.resolutionMinutes',
  'reports.col.firstResponseMinutes',
  'reports.col.score',
  'reports.col.description',
];

const STATUS_KEYS: Record<TicketStatus, MessageKey> = {
  registered: 'reports.status.registered',
  in_progress: 'reports.status.in_progress',
  waiting: 'reports.status.waiting',
  resolved: 'reports.status.resolved',
  cancelled: 'reports.status.cancelled',
};

/**
 * Who hears what an export carries: each row's free text (the requester's description) as it
 * goes out, and the end of the export — also when it is cut short — for the access log.
 */
export interface ExportAudit {
  see(ticketId: number, text: string): void;
  record(): Promise<void>;
}

/** The filtered tickets as a CSV stream, read from the database 1,000 at a time. */
export function ticketsCsv(db: Executor, range: MetricsRange, filters: MetricsFilters & { status?: TicketStatus }, locale: Locale, audit?: ExportAudit): Readable {
  const span = { start: range.start, end: range.end };
  async function* rows() {
    try {
      yield* pages();
    } finally {
      await audit?.record();
    }
  }
  async function* pages() {
    let after: ExportCursor | null = null;
    for (;;) {
      const page = await ticketsPage(db, span, filters, after, 1000);
      for (const r of page) {
        audit?.see(r.id, r.description);
        yield [
          r.code,
          localStamp(r.createdAt, range.timeZone),
          t(locale, STATUS_KEYS[r.status]),
          t(locale, `priority.${r.priority}`),
          neutralizeFormula(r.category),
          neutralizeFormula(r.office),
          r.channel,
          neutralizeFormula(r.assignee ?? ''),
          localStamp(r.firstActionAt, range.timeZone),
          localStamp(r.resolvedAt, range.timeZone),
          localStamp(r.closedAt, range.timeZone),
          r.status === 'resolved' ? minutesBetween(r.createdAt, r.resolvedAt) : '',
          minutesBetween(r.createdAt, r.firstActionAt),
          r.score === null ? '' : String(r.score),
          neutralizeFormula(r.description),
        ];
      }
      if (page.length < 1000) return;
      const last = page[page.length - 1]!;
      after = { createdAt: last.createdAt, id: last.id };
    }
  }
  const csv = stringify({ bom: true, header: true, columns: TICKET_COLUMNS.map((k) => t(locale, k)), record_delimiter: '\r\n' });
  return Readable.from(rows()).pipe(csv);
}

export interface IndicatorRow {
  key: MessageKey;
  value: number | null;
  unit: '%' | 'min' | 'n';
  numerator: number | null;
  denominator: number | null;
}

/** The six indicators (and the counts around them) as rows: the CSV and the PDF share them. */
export function indicatorRows(s: MetricsSummary): IndicatorRow[] {
  const pct = (x: number | null) => (x === null ? null : x * 100);
  return [
    { key: 'reports.ind.satisfaction', value: pct(s.satisfaction.score), unit: '%', numerator: s.satisfaction.average, denominator: 5 },
    { key: 'reports.ind.interactionRate', value: pct(s.assistant.interactionRate), unit: '%', numerator: s.assistant.answered, denominator: s.assistant.interactions },
    { key: 'reports.ind.openRate', value: pct(s.notifications.openRate), unit: '%', numerator: s.notifications.opened, denominator: s.notifications.sent },
    { key: 'reports.ind.resolutionTime', value: s.tickets.avgResolutionMinutes, unit: 'min', numerator: null, denominator: s.tickets.resolved },
    { key: 'reports.ind.resolutionBusinessTime', value: s.tickets.avgResolutionBusinessMinutes, unit: 'min', numerator: null, denominator: null },
    { key: 'reports.ind.resolutionRate', value: pct(s.tickets.resolutionRate), unit: '%', numerator: s.tickets.resolved, denominator: s.tickets.reported },
    { key: 'reports.ind.responseTime', value: s.notifications.avgResponseMinutes, unit: 'min', numerator: null, denominator: s.notifications.respondedTickets },
    { key: 'reports.ind.firstResponse', value: s.tickets.avgFirstResponseMinutes, unit: 'min', numerator: null, denominator: null },
    { key: 'reports.ind.reported', value: s.tickets.reported, unit: 'n', numerator: null, denominator: null },
    { key: 'reports.ind.cancelled', value: s.tickets.cancelled, unit: 'n', numerator: null, denominator: null },
    { key: 'reports.ind.waitingTime', value: s.tickets.avgWaitingMinutes, unit: 'min', numerator: null, denominator: s.tickets.resolved },
    { key: 'reports.ind.workingTime', value: s.tickets.avgWorkingMinutes, unit: 'min', numerator: null, denominator: s.tickets.resolved },
    { key: 'reports.ind.reopened', value: s.tickets.reopened, unit: 'n', numerator: null, denominator: s.tickets.reported },
    { key: 'reports.ind.surveyResponses', value: s.satisfaction.responses, unit: 'n', numerator: null, denominator: null },
    // SLA compliance (issue 18): met ÷ judged (met + breached).
    { key: 'metrics.sla.firstResponse', value: pct(s.sla.firstResponseRate), unit: '%', numerator: s.sla.firstResponseMet, denominator: s.sla.firstResponseMet + s.sla.firstResponseBreached },
    { key: 'metrics.sla.resolution', value: pct(s.sla.resolutionRate), unit: '%', numerator: s.sla.resolutionMet, denominator: s.sla.resolutionMet + s.sla.resolutionBreached },
  ];
}

/** The indicators of a period as CSV text (with BOM). */
export async function indicatorsCsv(s: MetricsSummary, range: MetricsRange, locale: Locale): Promise<string> {
  const header = ['reports.icol.indicator', 'reports.icol.value', 'reports.icol.unit', 'reports.icol.numerator', 'reports.icol.denominator', 'reports.icol.from', 'reports.icol.to'] as const;
  const records = indicatorRows(s).map((r) => [
    t(locale, r.key),
    r.value === null ? '' : String(round2(r.value)),
    r.unit,
    r.numerator === null ? '' : String(round2(r.numerator)),
    r.denominator === null ? '' : String(r.denominator),
    range.firstDate,
    range.lastDate,
  ]);
  return new Promise((resolve, reject) =>
    stringify(records, { bom: true, header: true, columns: header.map((k) => t(locale, k)), record_delimiter: '\r\n' }, (err, out) => (err ? reject(err) : resolve(out))),
  );
}

/**
 * The monthly report as an A4 PDF in Spanish, to print and file: indicator table, a bar chart
 * of tickets per registration day, the month week by week, and the top categories and offices —
 * every ticket figure by the cohort rule of `monthly-report.ts`. pdfkit with
 * its built-in Helvetica (no font files, accents included); text stays extractable.
 */
import { t, type MessageKey, type Params } from '../i18n';
import { dayFirst, formatCount, formatMinutes, formatRate } from '../metrics/display';
import type { Breakdown } from '../metrics/dashboards.repository';
import type { MonthlyReport } from './monthly-report';
import type { MetricsSummary } from '../metrics/summary';

const es = (key: MessageKey, params?: Params) => t('es', key, params);
const BLUE = '#0b5394';
const GREEN = '#1e7b34';
const GREY = '#e9eef4';
const TEXT = '#1d2733';

interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage();
}

function heading(doc: Doc, text: string): void {
  // A heading keeps its table's header and first rows with it.
  ensureSpace(doc, 100);
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor(BLUE).text(text, MARGIN, doc.y);
  doc.moveDown(0.3).fillColor(TEXT);
}

/** A table; with `totalRow` the last row is a bold total on the header's grey. */
function table(doc: Doc, columns: Column[], rows: string[][], options: { totalRow?: boolean } = {}): void {
  const padding = 4;
  const drawRow = (cells: string[], bold: boolean, fill: string | null) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: columns[i]!.width - 2 * padding }))) + 2 * padding;
    ensureSpace(doc, height);
    const top = doc.y;
    if (fill)
      doc
        .rect(
          MARGIN,
          top,
          columns.reduce((s, c) => s + c.width, 0),
          height,
        )
        .fill(fill);
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      doc.fillColor(TEXT).text(cell, x + padding, top + padding, { width: col.width - 2 * padding, align: col.align ?? 'left' });
      x += col.width;
    });
    doc.x = MARGIN;
    doc.y = top + height;
  };
  drawRow(
    columns.map((c) => c.header),
    true,
    GREY,
  );
  rows.forEach((r, i) => (options.totalRow && i === rows.length - 1 ? drawRow(r, true, GREY) : drawRow(r, false, i % 2 ? '#f7f9fb' : null)));
}

/**
 * Bars per registration day: tickets registered, and of them those resolved. Every label sits
 * outside the plot (the scale above it, the dates below it, the legend under the dates), so
 * no text is drawn over a bar.
 */
function dailyChart(doc: Doc, days: MonthlyReport['days']): void {
  const width = 495;
  const height = 120;
  ensureSpace(doc, height + 56);
  const max = Math.max(1, ...days.map((d) => Math.max(d.reported, d.resolved)));
  doc
    .font('Helvetica')
    .fontSize(7)
    .fillColor(TEXT)
    .text(es('reports.pdf.chartMax', { max: formatCount(max, 'es') }), MARGIN, doc.y + 2, { lineBreak: false });
  const top = doc.y + 12;
  const slot = width / Math.max(1, days.length);
  const bar = Math.max(1, slot / 2 - 1);
  doc
    .lineWidth(0.5)
    .strokeColor('#9aa5b1')
    .moveTo(MARGIN, top)
    .lineTo(MARGIN + width, top)
    .dash(2, { space: 2 })
    .stroke()
    .undash();
  doc
    .lineWidth(0.5)
    .strokeColor('#9aa5b1')
    .moveTo(MARGIN, top + height)
    .lineTo(MARGIN + width, top + height)
    .stroke();
  days.forEach((d, i) => {
    const x = MARGIN + i * slot;
    const hr = (d.reported / max) * height;
    const hs = (d.resolved / max) * height;
    if (hr > 0) doc.rect(x, top + height - hr, bar, hr).fill(BLUE);
    if (hs > 0) doc.rect(x + bar, top + height - hs, bar, hs).fill(GREEN);
    if (i % 5 === 0)
      doc
        .font('Helvetica')
        .fontSize(7)
        .fillColor(TEXT)
        .text(dayFirst(d.date).slice(0, 5), x, top + height + 3, { lineBreak: false });
  });
  const legendY = top + height + 14;
  doc.rect(MARGIN, legendY, 8, 8).fill(BLUE);
  doc
    .fillColor(TEXT)
    .fontSize(8)
    .text(es('reports.pdf.reported'), MARGIN + 12, legendY, { lineBreak: false });
  doc.rect(MARGIN + 90, legendY, 8, 8).fill(GREEN);
  doc
    .fillColor(TEXT)
    .fontSize(8)
    .text(es('reports.pdf.resolvedOfThem'), MARGIN + 102, legendY, { lineBreak: false });
  doc.x = MARGIN;
  doc.y = legendY + 16;
}

function breakdownRows(rows: Breakdown[]): string[][] {
  return rows.map((r) => [r.name, formatCount(r.reported, 'es'), formatCount(r.resolved, 'es'), formatMinutes(r.avgResolutionMinutes, 'es')]);
}

/** Renders the report; resolves to the PDF bytes. */
export async function renderMonthlyPdf(report: MonthlyReport): Promise<Buffer> {
  // pdfkit (~6 MB of heap) is loaded by the first report, not at start-up.
  const { default: PDFDocument } = await import('pdfkit');
  const { summary: s, range } = report;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: 'es-PE',
    displayTitle: true,
    info: {
      Title: es('reports.pdf.title', { month: monthName(report.month) }),
      Author: 'ITIMS',
      Subject: es('reports.pdf.subject'),
      CreationDate: new Date(report.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.fillColor(BLUE).font('Helvetica-Bold').fontSize(10).text(es('reports.pdf.brand'));
  doc
    .moveDown(0.3)
    .fillColor(TEXT)
    .fontSize(18)
    .text(es('reports.pdf.title', { month: monthName(report.month) }));
  const generated = new Intl.DateTimeFormat('es-PE', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: range.timeZone }).format(
    new Date(report.generatedAt),
  );
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(9)
    .text(es('reports.pdf.period', { from: dayFirst(range.firstDate), to: dayFirst(range.lastDate), zone: range.timeZone, generated }));

  heading(doc, es('reports.pdf.indicators'));
  const of = (a: number, b: number, what: MessageKey) => es('reports.pdf.of', { a: formatCount(a, 'es'), b: formatCount(b, 'es'), what: es(what) });
  table(
    doc,
    [
      { header: es('reports.icol.indicator'), width: 200 },
      { header: es('reports.icol.value'), width: 90, align: 'right' },
      { header: es('reports.pdf.detail'), width: 205 },
    ],
    [
      [
        es('reports.ind.satisfaction'),
        formatRate(s.satisfaction.score, 'es'),
        s.satisfaction.average === null ? es('reports.pdf.noSurveys') : es('reports.pdf.surveys', { avg: s.satisfaction.average.toFixed(2), n: formatCount(s.satisfaction.responses, 'es') }),
      ],
      [es('reports.ind.interactionRate'), formatRate(s.assistant.interactionRate, 'es'), of(s.assistant.answered, s.assistant.interactions, 'reports.pdf.interactions')],
      [es('reports.ind.openRate'), formatRate(s.notifications.openRate, 'es'), of(s.notifications.opened, s.notifications.sent, 'reports.pdf.notifications')],
      [es('reports.ind.resolutionTime'), formatMinutes(s.tickets.avgResolutionMinutes, 'es'), es('reports.pdf.overResolved', { n: formatCount(s.tickets.resolved, 'es') })],
      [es('reports.ind.resolutionBusinessTime'), formatMinutes(s.tickets.avgResolutionBusinessMinutes, 'es'), es('reports.pdf.businessDetail')],
      [es('reports.ind.waitingTime'), formatMinutes(s.tickets.avgWaitingMinutes, 'es'), es('reports.pdf.waitingDetail', { n: formatCount(s.tickets.waitedTickets, 'es') })],
      [es('reports.ind.workingTime'), formatMinutes(s.tickets.avgWorkingMinutes, 'es'), es('reports.pdf.workingDetail')],
      [es('reports.ind.resolutionRate'), formatRate(s.tickets.resolutionRate, 'es'), of(s.tickets.resolved, s.tickets.reported, 'reports.pdf.ticketsWord')],
      [es('reports.ind.responseTime'), formatMinutes(s.notifications.avgResponseMinutes, 'es'), es('reports.pdf.overNotified', { n: formatCount(s.notifications.respondedTickets, 'es') })],
      [es('reports.ind.firstResponse'), formatMinutes(s.tickets.avgFirstResponseMinutes, 'es'), es('reports.pdf.firstResponseDetail')],
      [es('reports.ind.cancelled'), formatCount(s.tickets.cancelled, 'es'), es('reports.pdf.cancelledDetail')],
      [es('reports.ind.reopened'), formatCount(s.tickets.reopened, 'es'), es('reports.pdf.reopenedDetail')],
      ...slaRows(s),
      ...incidentRows(s),
    ],
  );

  heading(doc, es('reports.pdf.perDay'));
  dailyChart(doc, report.days);

  heading(doc, es('reports.pdf.weekly'));
  const weekRow = (label: string, w: MonthlyReport['total']) => [label, formatCount(w.reported, 'es'), formatCount(w.resolved, 'es'), formatMinutes(w.avgResolutionMinutes, 'es')];
  table(
    doc,
    [
      { header: es('reports.pdf.week'), width: 155 },
      { header: es('reports.pdf.reported'), width: 100, align: 'right' },
      { header: es('reports.pdf.resolvedOfThem'), width: 100, align: 'right' },
      { header: es('reports.ind.resolutionTime'), width: 140, align: 'right' },
    ],
    [...report.weeks.map((w) => weekRow(`${dayFirst(w.first)} – ${dayFirst(w.last)}`, w)), weekRow(es('reports.pdf.monthTotal'), report.total)],
    { totalRow: true },
  );
  doc.moveDown(0.3).font('Helvetica').fontSize(8).fillColor(TEXT).text(es('reports.pdf.cohortNote'), MARGIN, doc.y, { width: 495 });

  const breakdownColumns = (first: MessageKey): Column[] => [
    { header: es(first), width: 215 },
    { header: es('reports.pdf.tickets'), width: 80, align: 'right' },
    { header: es('reports.pdf.resolved'), width: 80, align: 'right' },
    { header: es('reports.ind.resolutionTime'), width: 120, align: 'right' },
  ];
  heading(doc, es('reports.pdf.topCategories'));
  table(doc, breakdownColumns('reports.pdf.category'), breakdownRows(report.topCategories));
  heading(doc, es('reports.pdf.topOffices'));
  table(doc, breakdownColumns('reports.pdf.office'), breakdownRows(report.topOffices));

  heading(doc, es('reports.pdf.definitions'));
  doc.font('Helvetica-Bold').fontSize(8).fillColor(TEXT).text(es('reports.pdf.cohortRule'), MARGIN, doc.y, { width: 495 });
  doc.moveDown(0.4).font('Helvetica').fontSize(8).fillColor(TEXT).text(es('reports.pdf.definitionsText'), MARGIN, doc.y, { width: 495 });
  doc.moveDown(0.4).font('Helvetica').fontSize(8).fillColor(TEXT).text(es('reports.pdf.incidentRule'), MARGIN, doc.y, { width: 495 });

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // The footer sits in the bottom margin; without this pdfkit would start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#5a6570')
      .text(es('reports.pdf.page', { n: i + 1, total: pages.count }), MARGIN, doc.page.height - MARGIN + 10, { width: 495, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}

function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat('es-PE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 15)));
}

/** SLA compliance rows of the indicators table (issue 18): met share of the tickets judged, and how many were late. */
function slaRows(s: MetricsSummary): string[][] {
  const row = (key: MessageKey, rate: number | null, met: number, breached: number) => [
    es(key),
    formatRate(rate, 'es'),
    es('reports.pdf.slaDetail', { met: formatCount(met, 'es'), judged: formatCount(met + breached, 'es'), breached: formatCount(breached, 'es') }),
  ];
  return [
    row('metrics.sla.firstResponse', s.sla.firstResponseRate, s.sla.firstResponseMet, s.sla.firstResponseBreached),
    row('metrics.sla.resolution', s.sla.resolutionRate, s.sla.resolutionMet, s.sla.resolutionBreached),
  ];
}

/** Major-incident rows (issue 19): declared, their mean duration, and the tickets they absorbed. */
function incidentRows(s: MetricsSummary): string[][] {
  const i = s.incidents;
  return [
    [es('reports.ind.incidents'), formatCount(i.declared, 'es'), es('reports.pdf.incidentsDetail', { resolved: formatCount(i.resolved, 'es') })],
    [es('reports.ind.incidentDuration'), formatMinutes(i.avgDurationMinutes, 'es'), es('reports.pdf.incidentDurationDetail', { n: formatCount(i.resolved, 'es') })],
    [es('reports.ind.ticketsAbsorbed'), formatCount(i.ticketsAbsorbed, 'es'), es('reports.pdf.absorbedDetail', { deflected: formatCount(i.filingsDeflected, 'es') })],
  ];
}

/**
 * Dashboard pages for managers (admins): `/staff/dashboards` (the six indicators) and its
 * incidents, notifications and assistant pages, each with a date range (default: the last 30
 * local days) and office/category filters in a GET form. Also serves ApexCharts from
 * node_modules (never a CDN: the site must work on an intranet).
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip as gzipCallback } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin } from '../../../auth/guards';
import { preferredEncoding } from '../../assets';
import { AppError } from '../../../core/errors';
import { assistantDashboard, incidentsDashboard, notificationsDashboard } from '../../../metrics/dashboards';
import { filterOptions, recentSurveyComments } from '../../../metrics/dashboards.repository';
import { parseFilters, previousMonth, resolveRange, type MetricsFilters, type MetricsRange } from '../../../metrics/range';
import { localDateOf } from '../../../core/local-days';
import { computeSummary } from '../../../metrics/summary';
import { sendPage } from '../../render';
import { staffPageContext } from '../../staff-layout';
import { dateFromField } from '../../date-field';
import { AssistantBody } from './assistant';
import { APEXCHARTS_CSS, APEXCHARTS_JS, DashboardFrame, type DashboardName, type DashboardQuery } from './frame';
import { IncidentsBody } from './incidents';
import { NotificationsBody } from './notifications';
import { SummaryCards, SurveyComments } from './summary';
import { AssetRankingPanel, ASSETS_SHOWN } from './assets';
import { rankAssetsByTickets } from '../../../equipment/asset-ranking.repository';

const require = createRequire(import.meta.url);
const apexDist = join(dirname(require.resolve('apexcharts/package.json')), 'dist');
const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCallback);

interface VendorFile {
  type: string;
  etag: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

const vendorFiles = new Map<string, Promise<VendorFile>>();
/**
 * Read (and concatenated) and compressed once per process, on first request: brotli 11 and gzip 9
 * on zlib's thread pool, so the 600 KB of ApexCharts never block the event loop. Brotli is what
 * every current browser asks for (~20 % smaller than gzip here: 133 KB instead of 164 KB on the
 * dashboards' first visit over an office's link); gzip for the rest, identity only when neither.
 */
function vendorFile(names: string[], type: string): Promise<VendorFile> {
  const name = names.join('+');
  let f = vendorFiles.get(name);
  if (!f) {
    const identity = Buffer.concat(names.map((n) => readFileSync(join(apexDist, n))));
    f = Promise.all([
      brotli(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
      gzip(identity, { level: 9 }),
    ]).then(([br, gz]) => ({ type, identity, br, gzip: gz, etag: `"${createHash('sha256').update(identity).digest('hex').slice(0, 16)}"` }));
    vendorFiles.set(name, f);
  }
  return f;
}

function sendVendor(request: FastifyRequest, reply: FastifyReply, f: VendorFile): FastifyReply {
  reply.header('cache-control', 'public, max-age=86400').header('etag', f.etag).header('vary', 'accept-encoding').type(f.type);
  if (request.headers['if-none-match'] === f.etag) return reply.status(304).send();
  const encoding = preferredEncoding(request.headers['accept-encoding']);
  // A set Content-Encoding tells @fastify/compress the body is already compressed.
  if (encoding === 'identity') return reply.send(f.identity);
  return reply.header('content-encoding', encoding).send(encoding === 'br' ? f.br : f.gzip);
}

interface RawQuery {
  from?: string;
  to?: string;
  office?: string;
  category?: string;
}

/** The range and filters of a page; bad values fall back to the defaults with a warning. */
function readQuery(raw: RawQuery, timeZone: string, now: number): { range: MetricsRange; filters: MetricsFilters; invalid: boolean } {
  const pick = (v: unknown) => (typeof v === 'string' ? v : undefined);
  let invalid = false;
  let range: MetricsRange;
  try {
    // The form's fields are day first (dd/mm/aaaa); links carry YYYY-MM-DD.
    range = resolveRange({ from: dateFromField(pick(raw.from)) || undefined, to: dateFromField(pick(raw.to)) || undefined }, timeZone, now);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    invalid = true;
    range = resolveRange({}, timeZone, now);
  }
  let filters: MetricsFilters = {};
  try {
    filters = parseFilters({ office: pick(raw.office), category: pick(raw.category) });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    invalid = true;
  }
  return { range, filters, invalid };
}

export async function dashboardPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;

  app.get(APEXCHARTS_JS, { schema: { hide: true } }, async (request, reply) => sendVendor(request, reply, await vendorFile(['apexcharts.min.js'], 'application/javascript; charset=utf-8')));
  // The chart and legend styles ApexCharts would otherwise inject as <style> elements (CSP).
  app.get(APEXCHARTS_CSS, { schema: { hide: true } }, async (request, reply) => sendVendor(request, reply, await vendorFile(['apexcharts.css', 'apexcharts-legend.css'], 'text/css; charset=utf-8')));

  const page = (name: DashboardName, path: string) =>
    app.get<{ Querystring: RawQuery }>(path, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
      const p = staffPageContext(request);
      const now = ctx.clock();
      const { range, filters, invalid } = readQuery(request.query ?? {}, ctx.config.timeZone, now);
      const query: DashboardQuery = { from: range.firstDate, to: range.lastDate, filters };
      const options = await filterOptions(ctx.database.db);
      let body;
      if (name === 'incidents') {
        const assets = await rankAssetsByTickets(ctx.database.db, { start: range.start, end: range.end }, filters, ASSETS_SHOWN);
        body = (
          <>
            <IncidentsBody page={p} data={await incidentsDashboard(ctx.database, range, filters, now)} />
            <AssetRankingPanel page={p} rows={assets} query={query} />
          </>
        );
      } else if (name === 'notifications') body = <NotificationsBody page={p} data={await notificationsDashboard(ctx.database, range, filters)} />;
      else if (name === 'assistant') body = <AssistantBody page={p} data={await assistantDashboard(ctx.database, range)} />;
      else {
        const summary = await computeSummary(ctx.database.db, range, filters);
        const comments = await recentSurveyComments(ctx.database.db, { start: range.start, end: range.end }, filters);
        body = (
          <>
            <SummaryCards page={p} summary={summary} />
            <SurveyComments page={p} comments={comments} />
          </>
        );
      }
      return sendPage(
        reply,
        <DashboardFrame page={p} active={name} query={query} range={range} options={options} invalid={invalid} reportMonth={previousMonth(localDateOf(now, ctx.config.timeZone))}>
          {body}
        </DashboardFrame>,
      );
    });

  page('summary', '/staff/dashboards');
  page('incidents', '/staff/dashboards/incidents');
  page('notifications', '/staff/dashboards/notifications');
  page('assistant', '/staff/dashboards/assistant');
}

/**
 * What every dashboard page shares: the tabs, the filter form (a GET form: works without
 * JavaScript), the download links, and the chart + table pair — the chart is drawn by
 * `client/dashboards.ts` from a JSON data attribute, and the table beside it holds the same
 * numbers for screen readers, printing and browsers without JavaScript.
 */
import { createRequire } from 'node:module';
import type { ComponentChildren } from 'preact';
import type { MessageKey } from '../../../i18n';
import type { FilterOption } from '../../../metrics/dashboards.repository';
import { dayFirst } from '../../../metrics/display';
import type { MetricsFilters, MetricsRange } from '../../../metrics/range';
import { StaffLayout, type StaffPageContext } from '../../staff-layout';
import { DateField, DateFormatHint, MonthSelect } from '../../date-field';

/** The monthly PDF's month list: this month and the three years before it. */
const REPORT_MONTHS = 37;

/** `YYYY-MM` of the month after `month`. */
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y!, m!, 1)).toISOString().slice(0, 7);
};

export type DashboardName = 'summary' | 'incidents' | 'notifications' | 'assistant';

export const DASHBOARD_PATHS: Record<DashboardName, string> = {
  summary: '/staff/dashboards',
  incidents: '/staff/dashboards/incidents',
  notifications: '/staff/dashboards/notifications',
  assistant: '/staff/dashboards/assistant',
};

const TITLES: Record<DashboardName, MessageKey> = {
  summary: 'dash.title.summary',
  incidents: 'dash.title.incidents',
  notifications: 'dash.title.notifications',
  assistant: 'dash.title.assistant',
};

export interface DashboardQuery {
  from: string;
  to: string;
  filters: MetricsFilters;
}

/** The query string of the current filters (for tabs and downloads). */
export function queryString(q: DashboardQuery, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ from: q.from, to: q.to });
  if (q.filters.officeId !== undefined) p.set('office', String(q.filters.officeId));
  if (q.filters.categoryId !== undefined) p.set('category', String(q.filters.categoryId));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

export interface ChartSpec {
  kind: 'bar' | 'line' | 'barh' | 'donut' | 'stacked';
  categories: string[];
  series: { name: string; data: (number | null)[] }[];
  /** Shown after values in tooltips and axes. */
  unit?: string;
}

/** A chart drawn on the client; hidden from assistive technology, which reads the table instead. */
export function Chart({ page, id, spec }: { page: StaffPageContext; id: string; spec: ChartSpec }) {
  return <div class="dashboard-chart" id={id} data-chart={JSON.stringify(spec)} aria-hidden="true" title={page.t('dash.chartHidden')} />;
}

export interface Column<R> {
  label: MessageKey;
  value: (row: R) => string;
  numeric?: boolean;
}

/** A data table in a scrollable, keyboard-focusable box with a caption. */
export function DataTable<R>({ page, id, caption, columns, rows }: { page: StaffPageContext; id: string; caption: string; columns: Column<R>[]; rows: R[] }) {
  const { t } = page;
  return (
    <div class="table-responsive dashboard-table" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table class="table table-sm table-striped align-middle mb-0" id={id}>
        <caption id={`${id}-caption`} class="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.numeric ? 'text-end' : undefined}>
                {t(c.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} class="text-secondary">
                {t('dash.empty')}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr>
                {columns.map((c, i) =>
                  i === 0 ? (
                    <th scope="row" class="fw-normal">
                      {c.value(r)}
                    </th>
                  ) : (
                    <td class={c.numeric ? 'text-end' : undefined}>{c.value(r)}</td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A titled section: heading, optional note, chart and its table. */
export function Panel({ id, title, note, children }: { id: string; title: string; note?: string; children: ComponentChildren }) {
  return (
    <section class="card shadow-sm mb-4 dashboard-panel" aria-labelledby={`${id}-title`}>
      <div class="card-body">
        <h2 class="h5" id={`${id}-title`}>
          {title}
        </h2>
        {note && <p class="small text-secondary">{note}</p>}
        {children}
      </div>
    </section>
  );
}

/** One line (or bar, or slice) of a chart: its name and how a row gives its number. */
export interface Series<R> {
  name: string;
  value: (row: R) => number | null;
}

/**
 * A panel with one chart of its rows and the same numbers as a table, the way every dashboard shows
 * them: the chart `${id}-chart` (one category a row; `chartRows` when it draws fewer than the table
 * lists), the table `${id}-table` captioned by the title. `between` stands between the two.
 */
export function ChartPanel<R>(props: {
  page: StaffPageContext;
  id: string;
  title: string;
  note?: string;
  kind: ChartSpec['kind'];
  rows: R[];
  chartRows?: NoInfer<R>[];
  category: (row: NoInfer<R>) => string;
  series: Series<NoInfer<R>>[];
  columns: Column<NoInfer<R>>[];
  between?: ComponentChildren;
}) {
  const { page, id, title } = props;
  const drawn = props.chartRows ?? props.rows;
  const spec: ChartSpec = { kind: props.kind, categories: drawn.map(props.category), series: props.series.map((s) => ({ name: s.name, data: drawn.map(s.value) })) };
  return (
    <Panel id={id} title={title} note={props.note}>
      <Chart page={page} id={`${id}-chart`} spec={spec} />
      {props.between}
      <DataTable page={page} id={`${id}-table`} caption={title} columns={props.columns} rows={props.rows} />
    </Panel>
  );
}

/** A day as the charts name it along their axis ("dd/mm"). */
export const dayLabel = (row: { date: string }) => dayFirst(row.date).slice(0, 5);

function Tabs({ page, active, query }: { page: StaffPageContext; active: DashboardName; query: DashboardQuery }) {
  const qs = queryString(query);
  return (
    <nav aria-label={page.t('dash.tabs')} class="mb-3">
      <ul class="nav nav-tabs flex-wrap">
        {(Object.keys(DASHBOARD_PATHS) as DashboardName[]).map((name) => (
          <li class="nav-item">
            <a class={name === active ? 'nav-link active' : 'nav-link'} href={`${DASHBOARD_PATHS[name]}?${qs}`} aria-current={name === active ? 'page' : undefined}>
              {page.t(TITLES[name])}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Select({ id, label, value, options, allLabel, disabled }: { id: string; label: string; value?: number; options: FilterOption[]; allLabel: string; disabled?: boolean }) {
  return (
    <div class="col-sm-6 col-lg-3">
      <label class="form-label" for={id}>
        {label}
      </label>
      <select class="form-select" id={id} name={id} disabled={disabled}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option value={String(o.id)} selected={o.id === value}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function FilterForm({ page, active, query, options }: { page: StaffPageContext; active: DashboardName; query: DashboardQuery; options: { offices: FilterOption[]; categories: FilterOption[] } }) {
  const { t } = page;
  const unfiltered = active === 'assistant';
  return (
    <form method="get" action={DASHBOARD_PATHS[active]} class="card card-body shadow-sm mb-3 dashboard-filters" aria-label={t('dash.filters')}>
      <div class="row g-3 align-items-end">
        <div class="col-sm-6 col-lg-2">
          <label class="form-label" for="from">
            {t('dash.from')}
            <DateFormatHint page={page} id="from" />
          </label>
          <DateField page={page} id="from" value={query.from} />
        </div>
        <div class="col-sm-6 col-lg-2">
          <label class="form-label" for="to">
            {t('dash.to')}
            <DateFormatHint page={page} id="to" />
          </label>
          <DateField page={page} id="to" value={query.to} />
        </div>
        <Select id="office" label={t('dash.office')} value={query.filters.officeId} options={options.offices} allLabel={t('dash.all')} disabled={unfiltered} />
        <Select id="category" label={t('dash.category')} value={query.filters.categoryId} options={options.categories} allLabel={t('dash.all')} disabled={unfiltered} />
        <div class="col-lg-2 d-flex gap-2 flex-wrap">
          <button type="submit" class="btn btn-primary">
            {t('dash.apply')}
          </button>
          <a class="btn btn-link px-0" href={DASHBOARD_PATHS[active]}>
            {t('dash.reset')}
          </a>
        </div>
      </div>
      {unfiltered && <p class="small text-secondary mb-0 mt-2">{t('dash.assistantUnfiltered')}</p>}
    </form>
  );
}

function Downloads({ page, query, reportMonth }: { page: StaffPageContext; query: DashboardQuery; reportMonth: string }) {
  const { t } = page;
  return (
    <section class="card card-body shadow-sm mb-4 dashboard-downloads" aria-labelledby="downloads-title">
      <h2 class="h6" id="downloads-title">
        {t('dash.exports')}
      </h2>
      <div class="d-flex flex-wrap gap-3 align-items-end">
        <a class="btn btn-outline-primary" href={`/api/v1/reports/tickets.csv?${queryString(query)}`} download>
          {t('dash.export.tickets')}
        </a>
        <a class="btn btn-outline-primary" href={`/api/v1/reports/indicators.csv?${queryString(query)}`} download>
          {t('dash.export.indicators')}
        </a>
        <form method="get" action="/api/v1/reports/monthly.pdf" class="d-flex gap-2 align-items-end">
          <div>
            <label class="form-label" for="month">
              {t('dash.export.month')}
            </label>
            <MonthSelect page={page} id="month" newest={nextMonth(reportMonth)} selected={reportMonth} count={REPORT_MONTHS} />
          </div>
          <button type="submit" class="btn btn-outline-primary">
            {t('dash.export.pdf')}
          </button>
        </form>
      </div>
    </section>
  );
}

export interface DashboardFrameProps {
  page: StaffPageContext;
  active: DashboardName;
  query: DashboardQuery;
  range: MetricsRange;
  options: { offices: FilterOption[]; categories: FilterOption[] };
  invalid: boolean;
  /** The month the PDF form offers: last month, as the report's own default. */
  reportMonth: string;
  children: ComponentChildren;
}

/** apexcharts.min.js and its stylesheet, served by this app from node_modules. */
export const APEXCHARTS_JS = '/assets/vendor/apexcharts/apexcharts.min.js';
export const APEXCHARTS_CSS = '/assets/vendor/apexcharts/apexcharts.css';
/**
 * In the pages' links: the reverse proxy of deploy/nginx keeps everything under /assets/ for a year
 * (immutable), so a new ApexCharts must come under a new address.
 */
const APEXCHARTS_VERSION = (createRequire(import.meta.url)('apexcharts/package.json') as { version: string }).version;

export function DashboardFrame({ page, active, query, range, options, invalid, reportMonth, children }: DashboardFrameProps) {
  const { t } = page;
  const title = t(TITLES[active]);
  return (
    <StaffLayout page={page} title={title} scripts={['dashboards.js']}>
      <link rel="stylesheet" href={`${APEXCHARTS_CSS}?v=${APEXCHARTS_VERSION}`} />
      <h1 class="h3">{title}</h1>
      <Tabs page={page} active={active} query={query} />
      {invalid && (
        <div class="alert alert-warning" role="alert">
          {t('dash.invalidRange')}
        </div>
      )}
      <FilterForm page={page} active={active} query={query} options={options} />
      <p class="text-secondary small" id="dashboard-period">
        {t('dash.period', { from: dayFirst(range.firstDate), to: dayFirst(range.lastDate), zone: range.timeZone })}
      </p>
      {children}
      <Downloads page={page} query={query} reportMonth={reportMonth} />
      <script src={`${APEXCHARTS_JS}?v=${APEXCHARTS_VERSION}`} defer />
    </StaffLayout>
  );
}

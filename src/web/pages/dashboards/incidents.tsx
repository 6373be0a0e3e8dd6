/** `/staff/dashboards/incidents`: tickets per day, times, breakdowns and the queue's age. */
import type { Breakdown } from '../../../metrics/dashboards.repository';
import type { IncidentsDashboard } from '../../../metrics/dashboards';
import { dayFirst, formatCount, formatMinutes, round2 } from '../../../metrics/display';
import type { MessageKey } from '../../../i18n';
import type { StaffPageContext } from '../../staff-layout';
import { Chart, ChartPanel, dayLabel, type Column } from './frame';
import { SummaryCards } from './summary';

const AGE_KEYS: MessageKey[] = ['dash.age.0', 'dash.age.1', 'dash.age.2', 'dash.age.3', 'dash.age.4', 'dash.age.5'];

function breakdownColumns(page: StaffPageContext): Column<Breakdown>[] {
  const { locale } = page;
  return [
    { label: 'dash.col.name', value: (r) => r.name },
    { label: 'dash.col.reported', value: (r) => formatCount(r.reported, locale), numeric: true },
    { label: 'dash.col.resolved', value: (r) => formatCount(r.resolved, locale), numeric: true },
    { label: 'dash.col.avgResolution', value: (r) => formatMinutes(r.avgResolutionMinutes, locale), numeric: true },
    { label: 'dash.col.avgFirstResponse', value: (r) => formatMinutes(r.avgFirstResponseMinutes, locale), numeric: true },
  ];
}

function BreakdownPanel({ page, id, title, rows, top = 15 }: { page: StaffPageContext; id: string; title: string; rows: Breakdown[]; top?: number }) {
  const { t } = page;
  return (
    <ChartPanel
      page={page}
      id={id}
      title={title}
      kind="barh"
      rows={rows}
      chartRows={rows.slice(0, top)}
      category={(r) => r.name}
      series={[
        { name: t('dash.col.reported'), value: (r) => r.reported },
        { name: t('dash.col.resolved'), value: (r) => r.resolved },
      ]}
      columns={breakdownColumns(page)}
    />
  );
}

export function IncidentsBody({ page, data }: { page: StaffPageContext; data: IncidentsDashboard }) {
  const { t, locale } = page;
  const ages = data.backlog.ages.map((count, i) => ({ label: t(AGE_KEYS[i]!), count }));
  return (
    <>
      <SummaryCards page={page} summary={data.summary} />
      <ChartPanel
        page={page}
        id="per-day"
        title={t('dash.inc.perDay')}
        note={t('dash.inc.perDayNote')}
        kind="bar"
        rows={data.days}
        category={dayLabel}
        series={[
          { name: t('dash.col.reported'), value: (d) => d.reported },
          { name: t('dash.col.resolved'), value: (d) => d.resolved },
        ]}
        between={
          <>
            <h3 class="h6 mt-3">{t('dash.inc.times')}</h3>
            <Chart
              page={page}
              id="times-chart"
              spec={{
                kind: 'line',
                unit: 'min',
                categories: data.days.map(dayLabel),
                series: [
                  { name: t('dash.col.avgResolution'), data: data.days.map((d) => round2(d.avgResolutionMinutes)) },
                  { name: t('dash.col.avgFirstResponse'), data: data.days.map((d) => round2(d.avgFirstResponseMinutes)) },
                ],
              }}
            />
          </>
        }
        columns={[
          { label: 'dash.col.date', value: (d) => dayFirst(d.date) },
          { label: 'dash.col.reported', value: (d) => formatCount(d.reported, locale), numeric: true },
          { label: 'dash.col.resolved', value: (d) => formatCount(d.resolved, locale), numeric: true },
          { label: 'dash.col.avgResolution', value: (d) => formatMinutes(d.avgResolutionMinutes, locale), numeric: true },
          { label: 'dash.col.avgFirstResponse', value: (d) => formatMinutes(d.avgFirstResponseMinutes, locale), numeric: true },
        ]}
      />
      <div class="row">
        <div class="col-xl-6">
          <BreakdownPanel page={page} id="by-category" title={t('dash.inc.byCategory')} rows={data.byCategory} />
        </div>
        <div class="col-xl-6">
          <BreakdownPanel page={page} id="by-technician" title={t('dash.inc.byTechnician')} rows={data.byTechnician} />
        </div>
      </div>
      <BreakdownPanel page={page} id="by-office" title={t('dash.inc.byOffice')} rows={data.byOffice} />
      <ChartPanel
        page={page}
        id="backlog"
        title={t('dash.inc.backlog')}
        note={t('dash.inc.backlogNote', { waiting: formatCount(data.backlog.waiting, locale), inProgress: formatCount(data.backlog.inProgress, locale) })}
        kind="bar"
        rows={ages}
        category={(a) => a.label}
        series={[{ name: t('dash.col.count'), value: (a) => a.count }]}
        columns={[
          { label: 'dash.col.age', value: (a) => a.label },
          { label: 'dash.col.count', value: (a) => formatCount(a.count, locale), numeric: true },
        ]}
      />
    </>
  );
}

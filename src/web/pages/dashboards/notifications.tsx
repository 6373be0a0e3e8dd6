/** `/staff/dashboards/notifications`: sent, opened, response time, per day and per technician. */
import type { NotificationsDashboard } from '../../../metrics/dashboards';
import { dayFirst, formatCount, formatMinutes, formatRate } from '../../../metrics/display';
import type { StaffPageContext } from '../../staff-layout';
import { Chart, DataTable, Panel } from './frame';
import { SummaryCards } from './summary';

export function NotificationsBody({ page, data }: { page: StaffPageContext; data: NotificationsDashboard }) {
  const { t, locale } = page;
  const n = (x: number) => formatCount(x, locale);
  const via = [
    { label: t('dash.not.via.link'), count: data.openedVia.link },
    { label: t('dash.not.via.button'), count: data.openedVia.button },
    { label: t('dash.not.unopened'), count: Math.max(0, data.summary.notifications.sent - data.summary.notifications.opened) },
  ];
  return (
    <>
      <SummaryCards page={page} summary={data.summary} />
      <Panel id="never-open" title={t('dash.not.neverOpen')}>
        {data.neverOpen.length === 0 ? (
          <p class="mb-0" id="never-open-list">
            {t('dash.not.neverOpenNone')}
          </p>
        ) : (
          <ul class="mb-0" id="never-open-list">
            {data.neverOpen.map((tech) => (
              <li>
                {tech.name} — {t('dash.card.of', { a: n(0), b: n(tech.sent) })}
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel id="per-day" title={t('dash.not.perDay')} note={t('dash.not.perDayNote')}>
        <Chart
          page={page}
          id="per-day-chart"
          spec={{
            kind: 'bar',
            categories: data.days.map((d) => dayFirst(d.date).slice(0, 5)),
            series: [
              { name: t('dash.col.sent'), data: data.days.map((d) => d.sent) },
              { name: t('dash.col.opened'), data: data.days.map((d) => d.opened) },
            ],
          }}
        />
        <DataTable
          page={page}
          id="per-day-table"
          caption={t('dash.not.perDay')}
          rows={data.days}
          columns={[
            { label: 'dash.col.date', value: (d) => dayFirst(d.date) },
            { label: 'dash.col.sent', value: (d) => n(d.sent), numeric: true },
            { label: 'dash.col.opened', value: (d) => n(d.opened), numeric: true },
            { label: 'dash.col.openRate', value: (d) => formatRate(d.sent ? d.opened / d.sent : null, locale), numeric: true },
          ]}
        />
      </Panel>
      <div class="row">
        <div class="col-xl-7">
          <Panel id="by-technician" title={t('dash.not.byTechnician')}>
            <Chart
              page={page}
              id="by-technician-chart"
              spec={{
                kind: 'stacked',
                categories: data.technicians.map((x) => x.name),
                series: [
                  { name: t('dash.col.opened'), data: data.technicians.map((x) => x.opened) },
                  { name: t('dash.col.unopened'), data: data.technicians.map((x) => x.sent - x.opened) },
                ],
              }}
            />
            <DataTable
              page={page}
              id="by-technician-table"
              caption={t('dash.not.byTechnician')}
              rows={data.technicians}
              columns={[
                { label: 'dash.col.name', value: (x) => x.name },
                { label: 'dash.col.sent', value: (x) => n(x.sent), numeric: true },
                { label: 'dash.col.opened', value: (x) => n(x.opened), numeric: true },
                { label: 'dash.col.unopened', value: (x) => n(x.sent - x.opened), numeric: true },
                { label: 'dash.col.openRate', value: (x) => formatRate(x.sent ? x.opened / x.sent : null, locale), numeric: true },
                { label: 'dash.col.avgOpen', value: (x) => formatMinutes(x.avgOpenMinutes, locale), numeric: true },
              ]}
            />
          </Panel>
        </div>
        <div class="col-xl-5">
          <Panel id="via" title={t('dash.not.via')}>
            <Chart page={page} id="via-chart" spec={{ kind: 'donut', categories: via.map((v) => v.label), series: [{ name: t('dash.col.count'), data: via.map((v) => v.count) }] }} />
            <DataTable
              page={page}
              id="via-table"
              caption={t('dash.not.via')}
              rows={via}
              columns={[
                { label: 'dash.col.via', value: (v) => v.label },
                { label: 'dash.col.count', value: (v) => n(v.count), numeric: true },
              ]}
            />
          </Panel>
        </div>
      </div>
    </>
  );
}

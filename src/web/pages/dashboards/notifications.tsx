/** `/staff/dashboards/notifications`: sent, opened, response time, per day and per technician. */
import type { NotificationsDashboard } from '../../../metrics/dashboards';
import { dayFirst, formatCount, formatMinutes, formatRate } from '../../../metrics/display';
import type { StaffPageContext } from '../../staff-layout';
import { ChartPanel, Panel, dayLabel } from './frame';
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
      <ChartPanel
        page={page}
        id="per-day"
        title={t('dash.not.perDay')}
        note={t('dash.not.perDayNote')}
        kind="bar"
        rows={data.days}
        category={dayLabel}
        series={[
          { name: t('dash.col.sent'), value: (d) => d.sent },
          { name: t('dash.col.opened'), value: (d) => d.opened },
        ]}
        columns={[
          { label: 'dash.col.date', value: (d) => dayFirst(d.date) },
          { label: 'dash.col.sent', value: (d) => n(d.sent), numeric: true },
          { label: 'dash.col.opened', value: (d) => n(d.opened), numeric: true },
          { label: 'dash.col.openRate', value: (d) => formatRate(d.sent ? d.opened / d.sent : null, locale), numeric: true },
        ]}
      />
      <div class="row">
        <div class="col-xl-7">
          <ChartPanel
            page={page}
            id="by-technician"
            title={t('dash.not.byTechnician')}
            kind="stacked"
            rows={data.technicians}
            category={(x) => x.name}
            series={[
              { name: t('dash.col.opened'), value: (x) => x.opened },
              { name: t('dash.col.unopened'), value: (x) => x.sent - x.opened },
            ]}
            columns={[
              { label: 'dash.col.name', value: (x) => x.name },
              { label: 'dash.col.sent', value: (x) => n(x.sent), numeric: true },
              { label: 'dash.col.opened', value: (x) => n(x.opened), numeric: true },
              { label: 'dash.col.unopened', value: (x) => n(x.sent - x.opened), numeric: true },
              { label: 'dash.col.openRate', value: (x) => formatRate(x.sent ? x.opened / x.sent : null, locale), numeric: true },
              { label: 'dash.col.avgOpen', value: (x) => formatMinutes(x.avgOpenMinutes, locale), numeric: true },
            ]}
          />
        </div>
        <div class="col-xl-5">
          <ChartPanel
            page={page}
            id="via"
            title={t('dash.not.via')}
            kind="donut"
            rows={via}
            category={(v) => v.label}
            series={[{ name: t('dash.col.count'), value: (v) => v.count }]}
            columns={[
              { label: 'dash.col.via', value: (v) => v.label },
              { label: 'dash.col.count', value: (v) => n(v.count), numeric: true },
            ]}
          />
        </div>
      </div>
    </>
  );
}

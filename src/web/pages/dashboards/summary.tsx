/** `/staff/dashboards`: the six indicators as cards, each with the counts behind it. */
import type { SurveyComment } from '../../../metrics/dashboards.repository';
import { formatCount, formatMinutes, formatRate } from '../../../metrics/display';
import type { MetricsSummary } from '../../../metrics/summary';
import { formatDateTime, type StaffPageContext } from '../../staff-layout';
import { DataTable, Panel } from './frame';

function Card({ id, title, value, detail, extra }: { id: string; title: string; value: string; detail: string; extra?: string }) {
  return (
    <div class="col-sm-6 col-xl-4">
      <section class="card shadow-sm h-100 indicator-card" aria-labelledby={`${id}-title`} id={id}>
        <div class="card-body">
          <h2 class="h6 text-secondary" id={`${id}-title`}>
            {title}
          </h2>
          <p class="indicator-value mb-1" data-indicator-value>
            {value}
          </p>
          <p class="small mb-0">{detail}</p>
          {extra && <p class="small text-secondary mb-0">{extra}</p>}
        </div>
      </section>
    </div>
  );
}

export function SummaryCards({ page, summary: s }: { page: StaffPageContext; summary: MetricsSummary }) {
  const { t, locale } = page;
  const n = (x: number) => formatCount(x, locale);
  return (
    <div class="row g-3 mb-4" id="indicator-cards">
      <Card
        id="ind-satisfaction"
        title={t('dash.card.satisfaction')}
        value={formatRate(s.satisfaction.score, locale)}
        detail={s.satisfaction.average === null ? t('dash.empty') : t('dash.card.satisfactionDetail', { avg: s.satisfaction.average.toFixed(2), n: n(s.satisfaction.responses) })}
      />
      <Card
        id="ind-interaction"
        title={t('dash.card.interaction')}
        value={formatRate(s.assistant.interactionRate, locale)}
        detail={t('dash.card.answeredOf', { a: n(s.assistant.answered), b: n(s.assistant.interactions) })}
      />
      <Card
        id="ind-open"
        title={t('dash.card.open')}
        value={formatRate(s.notifications.openRate, locale)}
        detail={t('dash.card.openedOf', { a: n(s.notifications.opened), b: n(s.notifications.sent) })}
      />
      <Card
        id="ind-resolution-time"
        title={t('dash.card.resolutionTime')}
        value={formatMinutes(s.tickets.avgResolutionMinutes, locale)}
        detail={t('dash.card.resolutionTimeDetail', { n: n(s.tickets.resolved) })}
        extra={t('dash.card.waitingSplit', { w: formatMinutes(s.tickets.avgWaitingMinutes, locale), k: formatMinutes(s.tickets.avgWorkingMinutes, locale) })}
      />
      <Card
        id="ind-resolution-business-time"
        title={t('reports.ind.resolutionBusinessTime')}
        value={formatMinutes(s.tickets.avgResolutionBusinessMinutes, locale)}
        detail={t('dash.card.resolutionBusinessDetail')}
      />
      <Card
        id="ind-resolution-rate"
        title={t('dash.card.resolutionRate')}
        value={formatRate(s.tickets.resolutionRate, locale)}
        detail={t('dash.card.resolvedOf', { a: n(s.tickets.resolved), b: n(s.tickets.reported), c: n(s.tickets.cancelled) })}
        extra={t('dash.card.reopened', { n: n(s.tickets.reopened) })}
      />
      <Card
        id="ind-response-time"
        title={t('dash.card.responseTime')}
        value={formatMinutes(s.notifications.avgResponseMinutes, locale)}
        detail={t('dash.card.responseTimeDetail', { n: n(s.notifications.respondedTickets) })}
        extra={t('dash.card.firstResponse', { m: formatMinutes(s.tickets.avgFirstResponseMinutes, locale) })}
      />
      <Card
        id="ind-incidents"
        title={t('dash.card.incidents')}
        value={n(s.incidents.declared)}
        detail={t('dash.card.incidentsDetail', { r: n(s.incidents.resolved), d: formatMinutes(s.incidents.avgDurationMinutes, locale) })}
        extra={t('dash.card.incidentsAbsorbed', { a: n(s.incidents.ticketsAbsorbed), f: n(s.incidents.filingsDeflected) })}
      />
    </div>
  );
}

/** The latest comments left in the satisfaction survey (what the percentage alone does not say). */
export function SurveyComments({ page, comments }: { page: StaffPageContext; comments: SurveyComment[] }) {
  const { t } = page;
  return (
    <Panel id="comments" title={t('dash.comments')}>
      <DataTable
        page={page}
        id="comments-table"
        caption={t('dash.comments')}
        rows={comments}
        columns={[
          { label: 'dash.col.when', value: (c) => formatDateTime(page, c.at) },
          { label: 'dash.col.ticket', value: (c) => c.code },
          { label: 'dash.col.score', value: (c) => `${c.score} / 5`, numeric: true },
          { label: 'dash.col.comment', value: (c) => c.comment },
        ]}
      />
    </Panel>
  );
}

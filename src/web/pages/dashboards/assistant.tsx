/** `/staff/dashboards/assistant`: interactions, answers and success rate, per day and per model. */
import type { AssistantDashboard } from '../../../metrics/dashboards';
import type { AssistantByModel } from '../../../metrics/dashboards.repository';
import { dayFirst, formatCount, formatRate } from '../../../metrics/display';
import type { MessageKey } from '../../../i18n';
import type { StaffPageContext } from '../../staff-layout';
import { ChartPanel, dayLabel, type Series } from './frame';
import { SummaryCards } from './summary';

const SOURCE_KEYS: Record<AssistantByModel['source'], MessageKey> = {
  llm: 'dash.ast.source.llm',
  faq: 'dash.ast.source.faq',
  none: 'dash.ast.source.none',
};

export function AssistantBody({ page, data }: { page: StaffPageContext; data: AssistantDashboard }) {
  const { t, locale } = page;
  const n = (x: number) => formatCount(x, locale);
  const label = (m: AssistantByModel) => (m.model ? `${t(SOURCE_KEYS[m.source])}: ${m.model}` : t(SOURCE_KEYS[m.source]));
  const answered: Series<{ interactions: number; answered: number }>[] = [
    { name: t('dash.col.interactions'), value: (r) => r.interactions },
    { name: t('dash.col.answered'), value: (r) => r.answered },
  ];
  return (
    <>
      <SummaryCards page={page} summary={data.summary} />
      <ChartPanel
        page={page}
        id="per-day"
        title={t('dash.ast.perDay')}
        kind="bar"
        rows={data.days}
        category={dayLabel}
        series={answered}
        columns={[
          { label: 'dash.col.date', value: (d) => dayFirst(d.date) },
          { label: 'dash.col.interactions', value: (d) => n(d.interactions), numeric: true },
          { label: 'dash.col.answered', value: (d) => n(d.answered), numeric: true },
          { label: 'dash.col.successRate', value: (d) => formatRate(d.interactions ? d.answered / d.interactions : null, locale), numeric: true },
        ]}
      />
      <ChartPanel
        page={page}
        id="by-model"
        title={t('dash.ast.byModel')}
        kind="barh"
        rows={data.byModel}
        category={label}
        series={answered}
        columns={[
          { label: 'dash.col.source', value: (m) => t(SOURCE_KEYS[m.source]) },
          { label: 'dash.col.model', value: (m) => m.model ?? '—' },
          { label: 'dash.col.interactions', value: (m) => n(m.interactions), numeric: true },
          { label: 'dash.col.answered', value: (m) => n(m.answered), numeric: true },
          { label: 'dash.col.successRate', value: (m) => formatRate(m.interactions ? m.answered / m.interactions : null, locale), numeric: true },
          { label: 'dash.col.latency', value: (m) => (m.avgLatencyMs === null ? '—' : `${n(Math.round(m.avgLatencyMs))} ms`), numeric: true },
          { label: 'dash.col.helpful', value: (m) => `${n(m.helpful)} / ${n(m.notHelpful)}`, numeric: true },
        ]}
      />
    </>
  );
}

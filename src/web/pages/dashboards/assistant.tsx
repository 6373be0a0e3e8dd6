/** `/staff/dashboards/assistant`: interactions, answers and success rate, per day and per model. */
import type { AssistantDashboard } from '../../../metrics/dashboards';
import type { AssistantByModel } from '../../../metrics/dashboards.repository';
import { dayFirst, formatCount, formatRate } from '../../../metrics/display';
import type { MessageKey } from '../../../i18n';
import type { StaffPageContext } from '../../staff-layout';
import { Chart, DataTable, Panel } from './frame';
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
  return (
    <>
      <SummaryCards page={page} summary={data.summary} />
      <Panel id="per-day" title={t('dash.ast.perDay')}>
        <Chart
          page={page}
          id="per-day-chart"
          spec={{
            kind: 'bar',
            categories: data.days.map((d) => dayFirst(d.date).slice(0, 5)),
            series: [
              { name: t('dash.col.interactions'), data: data.days.map((d) => d.interactions) },
              { name: t('dash.col.answered'), data: data.days.map((d) => d.answered) },
            ],
          }}
        />
        <DataTable
          page={page}
          id="per-day-table"
          caption={t('dash.ast.perDay')}
          rows={data.days}
          columns={[
            { label: 'dash.col.date', value: (d) => dayFirst(d.date) },
            { label: 'dash.col.interactions', value: (d) => n(d.interactions), numeric: true },
            { label: 'dash.col.answered', value: (d) => n(d.answered), numeric: true },
            { label: 'dash.col.successRate', value: (d) => formatRate(d.interactions ? d.answered / d.interactions : null, locale), numeric: true },
          ]}
        />
      </Panel>
      <Panel id="by-model" title={t('dash.ast.byModel')}>
        <Chart
          page={page}
          id="by-model-chart"
          spec={{
            kind: 'barh',
            categories: data.byModel.map(label),
            series: [
              { name: t('dash.col.interactions'), data: data.byModel.map((m) => m.interactions) },
              { name: t('dash.col.answered'), data: data.byModel.map((m) => m.answered) },
            ],
          }}
        />
        <DataTable
          page={page}
          id="by-model-table"
          caption={t('dash.ast.byModel')}
          rows={data.byModel}
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
      </Panel>
    </>
  );
}

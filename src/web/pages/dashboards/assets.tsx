/**
 * "Equipos con más incidencias" on the incidents dashboard: the assets with the most tickets in
 * the period (equipment/asset-ranking.repository.ts), as a bar chart and a table, with the link
 * to the full ranking as CSV.
 */
import type { AssetRankingRow } from '../../../equipment/asset-ranking.repository';
import { formatCount } from '../../../metrics/display';
import type { StaffPageContext } from '../../staff-layout';
import { Chart, DataTable, Panel, queryString, type DashboardQuery } from './frame';

/** The dashboard shows the worst few; the CSV has them all. */
export const ASSETS_SHOWN = 15;

export function AssetRankingPanel({ page, rows, query }: { page: StaffPageContext; rows: AssetRankingRow[]; query: DashboardQuery }) {
  const { t, locale } = page;
  return (
    <Panel id="by-asset" title={t('dash.assets.title')} note={t('dash.assets.note')}>
      {rows.length > 0 && (
        <Chart
          page={page}
          id="by-asset-chart"
          spec={{
            kind: 'barh',
            categories: rows.map((r) => `${r.code} · ${r.description}`),
            series: [
              { name: t('dash.col.reported'), data: rows.map((r) => r.tickets) },
              { name: t('dash.col.resolved'), data: rows.map((r) => r.resolved) },
            ],
          }}
        />
      )}
      <DataTable
        page={page}
        id="by-asset-table"
        caption={t('dash.assets.title')}
        rows={rows}
        columns={[
          { label: 'assetReport.col.code', value: (r) => r.code },
          { label: 'assetReport.col.description', value: (r) => r.description },
          { label: 'assetReport.col.office', value: (r) => r.office },
          { label: 'assetReport.col.tickets', value: (r) => formatCount(r.tickets, locale), numeric: true },
          { label: 'assetReport.col.resolved', value: (r) => formatCount(r.resolved, locale), numeric: true },
          { label: 'assetReport.col.open', value: (r) => formatCount(r.open, locale), numeric: true },
        ]}
      />
      <p class="mt-2 mb-0">
        <a href={`/api/v1/reports/assets.csv?${queryString(query)}`}>{t('dash.assets.export')}</a>
      </p>
    </Panel>
  );
}

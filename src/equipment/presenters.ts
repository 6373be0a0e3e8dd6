/** Assets and their tickets as the admin API answers them (ISO dates, the custodian by DNI). */
import { t, type Locale } from '../i18n';
import type { Asset, AssetTicket } from './assets.repository';
import type { AssetImportReport } from './commands/import-assets';

const iso = (ms: number) => new Date(ms).toISOString();

export const presentAsset = (a: Asset) => ({
  code: a.code,
  description: a.description,
  brand: a.brand,
  model: a.model,
  serial: a.serial,
  officeId: a.officeId,
  officeName: a.officeName,
  custodianDni: a.custodian?.dni ?? null,
  custodianName: a.custodian ? `${a.custodian.firstName} ${a.custodian.lastName}` : null,
  active: a.active,
  createdAt: iso(a.createdAt),
  updatedAt: iso(a.updatedAt),
});

export const presentAssetTicket = (x: AssetTicket) => ({
  code: x.code,
  status: x.status,
  category: x.category,
  description: x.description,
  createdAt: iso(x.createdAt),
  resolvedAt: x.resolvedAt === null ? null : iso(x.resolvedAt),
});

/** The import report with its reasons translated and joined per line (as the staff import's). */
export function presentAssetImportReport(locale: Locale, report: AssetImportReport) {
  return {
    ...report,
    rejected: report.rejected.map((r) => ({ line: r.line, reason: r.reasons.map((x) => t(locale, x.key, x.params)).join('; ') })),
  };
}

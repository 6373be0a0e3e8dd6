/** The import report as the API and the page show it: reasons translated and joined per line. */
import { t, type Locale } from '../i18n';
import type { StaffImportReport } from './commands/import-staff';

export function presentImportReport(locale: Locale, report: StaffImportReport) {
  return {
    ...report,
    rejected: report.rejected.map((r) => ({ line: r.line, reason: r.reasons.map((x) => t(locale, x.key, x.params)).join('; ') })),
  };
}

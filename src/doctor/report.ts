/** What each check of `npm run doctor` found, and the Spanish report an administrator reads. */

export type CheckStatus = 'ok' | 'problem' | 'warning' | 'skipped';

export interface CheckResult {
  /** What was checked ("Base de datos", "Telegram"). */
  area: string;
  status: CheckStatus;
  /** What was found, in one line. */
  detail: string;
  /** What to do about it (problems and warnings). */
  advice?: string;
}

export const ok = (area: string, detail: string): CheckResult => ({ area, status: 'ok', detail });
export const problem = (area: string, detail: string, advice: string): CheckResult => ({ area, status: 'problem', detail, advice });
export const warning = (area: string, detail: string, advice: string): CheckResult => ({ area, status: 'warning', detail, advice });
export const skipped = (area: string, detail: string): CheckResult => ({ area, status: 'skipped', detail });

const MARK: Record<CheckStatus, string> = { ok: '[ OK ]', problem: '[FALLA]', warning: '[AVISO]', skipped: '[ -- ]' };

export function formatReport(results: CheckResult[]): string {
  const lines = ['Diagnóstico de ITIMS (npm run doctor)', ''];
  for (const r of results) {
    lines.push(`${MARK[r.status]} ${r.area}: ${r.detail}`);
    if (r.advice) lines.push(`        Qué hacer: ${r.advice}`);
  }
  const problems = results.filter((r) => r.status === 'problem').length;
  const warnings = results.filter((r) => r.status === 'warning').length;
  lines.push('');
  if (problems)
    lines.push(
      `Resultado: ${problems} ${problems === 1 ? 'problema' : 'problemas'}${warnings ? ` y ${warnings} ${warnings === 1 ? 'aviso' : 'avisos'}` : ''}. Corrija lo indicado y vuelva a ejecutar npm run doctor.`,
    );
  else if (warnings) lines.push(`Resultado: sin problemas, ${warnings} ${warnings === 1 ? 'aviso' : 'avisos'}.`);
  else lines.push('Resultado: todo en orden.');
  return lines.join('\n');
}

export const hasProblems = (results: CheckResult[]): boolean => results.some((r) => r.status === 'problem');

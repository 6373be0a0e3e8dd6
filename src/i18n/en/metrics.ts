import type { metrics as es } from '../es/metrics';

/** Indicators, dashboards, reports and the satisfaction survey (English). */
export const metrics: Record<keyof typeof es, string> = {
  'metrics.field.date': 'Use a YYYY-MM-DD date or an ISO timestamp; the start must come before the end (10 years at most).',
  'metrics.field.month': 'Use a month written YYYY-MM.',
};

/** Indicators, dashboards, reports and the satisfaction survey (Spanish, the default). */
export const metrics = {
  'metrics.field.date': 'Use una fecha AAAA-MM-DD o una marca de tiempo ISO; el inicio debe ser anterior al fin (máximo 10 años).',
  'metrics.field.month': 'Use un mes con la forma AAAA-MM.',
} as const;

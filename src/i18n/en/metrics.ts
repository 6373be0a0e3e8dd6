import type { metrics as es } from '../es/metrics';

/** Indicators, dashboards, reports and the satisfaction survey (English). */
export const metrics: Record<keyof typeof es, string> = {
  'metrics.field.date': 'Use a YYYY-MM-DD date or an ISO timestamp; the start must come before the end (10 years at most).',
  'metrics.field.month': 'Use a month written YYYY-MM.',
  'survey.title': 'How did we do?',
  'survey.intro': 'Your opinion helps us improve. It takes less than a minute and can be given only once.',
  'survey.question': 'Rate the service you received',
  'survey.score.1': 'Very dissatisfied',
  'survey.score.2': 'Dissatisfied',
  'survey.score.3': 'Fair',
  'survey.score.4': 'Satisfied',
  'survey.score.5': 'Very satisfied',
  'survey.comment': 'Comment (optional)',
  'survey.commentHelp': 'Do not write your ID number or phone number.',
  'survey.submit': 'Send rating',
  'survey.thanksTitle': 'Thank you for your answer!',
  'survey.given': 'Your rating: {score} out of 5 ({label}).',
  'survey.field.score': 'Choose a rating from 1 to 5.',
};

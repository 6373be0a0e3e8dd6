import type { incidentStaff as es } from '../es/incident-staff';

export const incidentStaff: Record<keyof typeof es, string> = {
  'tg.suggestion': '⚠️ Possible incident: {count} tickets of {category} at {offices} since {time}.',
  'tg.suggestionAction': 'Review it and declare it from the queue: {url}',
  'tg.openQueue': 'Open the queue',
  'panel.suggestion': 'Possible incident: several tickets of {category}',
  'suggestion.offices.more': '{first} and {count} more offices',
  'suggestion.offices.two': '{first} and {second}',
};

import type { incidents as es } from '../es/incidents';

export const incidents: Record<keyof typeof es, string> = {
  'error.INCIDENT_NOT_FOUND': 'There is no such incident.',
  'error.INCIDENT_CLOSED': 'This incident is already resolved: it cannot be closed or changed again.',
  'error.INCIDENT_TICKET_UNKNOWN': 'There is no ticket {code}.',
  'error.INCIDENT_TICKET_LINKED': 'Ticket {code} is already linked to another open incident.',
  'error.INCIDENT_TICKET_NOT_LINKED': 'Ticket {code} is not linked to this incident.',
  'error.INCIDENT_TICKET_CLOSED': 'Ticket {code} is already closed: it cannot be linked.',
};

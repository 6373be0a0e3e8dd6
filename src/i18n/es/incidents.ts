/** Major incidents (issue 19). */
export const incidents = {
  'error.INCIDENT_NOT_FOUND': 'No existe ese incidente.',
  'error.INCIDENT_CLOSED': 'Este incidente ya está resuelto: no se puede cerrar ni cambiar de nuevo.',
  'error.INCIDENT_TICKET_UNKNOWN': 'No existe el ticket {code}.',
  'error.INCIDENT_TICKET_LINKED': 'El ticket {code} ya está vinculado a otro incidente abierto.',
  'error.INCIDENT_TICKET_NOT_LINKED': 'El ticket {code} no está vinculado a este incidente.',
  'error.INCIDENT_TICKET_CLOSED': 'El ticket {code} ya está cerrado: no se puede vincular.',
};

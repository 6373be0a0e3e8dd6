/** The technicians' workspace: queue, my tickets, ticket search, ticket detail. */
export const workspace = {
  'workspace.field.assignee': 'Ese usuario no existe o no está activo.',
  'workspace.field.cursor': 'El cursor de paginación no es válido.',
  'workspace.field.date': 'Use una fecha AAAA-MM-DD o una fecha y hora ISO.',
} as const;

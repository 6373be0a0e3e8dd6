export const layout = {
  'app.name': 'ITIMS',
  'app.tagline': 'Mesa de ayuda de TI',
  'layout.skip': 'Saltar al contenido',
  'layout.language': 'English',
  'layout.languageCode': 'en',
  'layout.nav.newTicket': 'Nuevo ticket',
  'layout.nav.track': 'Consultar ticket',
  'layout.nav.myTickets': 'Mis tickets',
  'layout.nav.staff': 'Personal de TI',
  'layout.footer': 'Oficina de Tecnologías de la Información',
  'errorPage.title': 'Algo salió mal',
  'errorPage.back': 'Volver al inicio',
} as const;

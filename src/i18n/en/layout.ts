import type { layout as es } from '../es/layout';

export const layout: Record<keyof typeof es, string> = {
  'app.name': 'ITIMS',
  'app.tagline': 'IT help desk',
  'layout.skip': 'Skip to content',
  'layout.language': 'Español',
  'layout.languageCode': 'es',
  'layout.nav.newTicket': 'New ticket',
  'layout.nav.track': 'Track a ticket',
  'layout.nav.myTickets': 'My tickets',
  'layout.nav.staff': 'IT staff',
  'layout.footer': '{itOffice}',
  'errorPage.title': 'Something went wrong',
  'errorPage.back': 'Back to the home page',
  'errorPage.backToPanel': 'Back to the staff panel',
};

/** The technicians' workspace pages: queue, my tickets, all tickets, a ticket, major incidents. */
import type { FastifyInstance } from 'fastify';
import { queuePage } from './queue.page';
import { minePage } from './mine.page';
import { ticketsPage } from './tickets.page';
import { ticketPage } from './ticket.page';
import { incidentPages } from './incidents.pages';

export async function workspacePages(app: FastifyInstance): Promise<void> {
  await app.register(queuePage);
  await app.register(minePage);
  await app.register(ticketsPage);
  await app.register(ticketPage);
  await app.register(incidentPages);
}

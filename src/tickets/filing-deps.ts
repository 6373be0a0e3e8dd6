/** What filing a ticket needs from the application: the same for the portal's form and `POST /api/v1/tickets`. */
import type { AppContext } from '../core/context';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { CreateTicketDeps } from './commands/create-ticket';

/** `beforeDirectoryLookup` charges the caller's directory and filing budgets (each route its own). */
export function filingDeps(ctx: AppContext, store: AttachmentStore, beforeDirectoryLookup: () => Promise<void>): CreateTicketDeps {
  return { database: ctx.database, clock: ctx.clock, events: ctx.events, timeZone: ctx.config.timeZone, floodMinutes: ctx.config.ticketFloodMinutes, store, beforeDirectoryLookup };
}

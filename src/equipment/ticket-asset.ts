import type { Executor } from '../db/database';
import { findAssetOfTicket, listTicketsOfAsset, type Asset, type AssetTicket } from './assets.repository';

/** How many earlier tickets of the same machine the staff ticket view lists. */
export const EARLIER_TICKETS_SHOWN = 10;

export interface TicketAsset {
  asset: Asset;
  /** The machine's other tickets, newest first: is this a recurring failure? */
  earlierTickets: AssetTicket[];
}

/** The equipment a ticket is about and its other tickets (null when the ticket names none). */
export async function ticketAsset(db: Executor, ticket: { id: number; code: string }): Promise<TicketAsset | null> {
  const asset = await findAssetOfTicket(db, ticket.id);
  if (!asset) return null;
  return { asset, earlierTickets: await listTicketsOfAsset(db, asset.id, { limit: EARLIER_TICKETS_SHOWN, exceptCode: ticket.code }) };
}

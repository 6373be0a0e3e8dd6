/**
 * What the portal tells requesters about open major incidents (issue 19): the home page's banner,
 * and "¿Es por esto?" once the DNI has found the person's office. Public data only — title,
 * public message, category and the affected offices' names; never ticket codes or people.
 */
import type { Executor } from '../../db/database';
import { officeNamesByIds } from '../../directory/offices.repository';
import { listIncidents } from '../incidents.repository';

export interface PortalIncident {
  id: number;
  title: string;
  publicMessage: string;
  since: number;
  /** Null: the incident has no category, so "Sumarme" cannot file a ticket for it. */
  categoryId: number | null;
  /** Empty: every office is affected. */
  officeIds: number[];
  officeNames: string[];
}

/** The open incidents, newest first, with the names of the offices they affect. */
export async function openIncidentsForPortal(db: Executor): Promise<PortalIncident[]> {
  const open = await listIncidents(db, 'open');
  if (open.length === 0) return [];
  const names = await officeNamesByIds(db, [...new Set(open.flatMap((i) => i.officeIds))]);
  return open.map((i) => ({
    id: i.id,
    title: i.title,
    publicMessage: i.publicMessage,
    since: i.since,
    categoryId: i.categoryId,
    officeIds: i.officeIds,
    officeNames: i.officeIds.map((id) => names.get(id)).filter((n): n is string => n !== undefined),
  }));
}

/**
 * The incidents a person of this office can join with "Sumarme": those that affect the office (or
 * every office) and have a category, since the ticket it files takes the incident's category.
 */
export function joinableIncidents(incidents: PortalIncident[], officeId: number): PortalIncident[] {
  return incidents.filter((i) => i.categoryId !== null && (i.officeIds.length === 0 || i.officeIds.includes(officeId)));
}

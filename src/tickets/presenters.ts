/** What the public may see of a ticket: never DNI, phone or the technician's full name. */
import type { TicketStatus } from '../db/schema';
import type { PublicTicketEvent, TicketSummary } from './tickets.repository';
import type { AttachmentView } from '../attachments/presenters';
import { firstNameOf, type ConversationItem } from './conversation';
import type { PublicIncidentView } from '../incidents/incidents.repository';

const iso = (ms: number) => new Date(ms).toISOString();

export interface PublicTimelineEntry {
  status: TicketStatus;
  at: string;
  note?: string;
  /** Set when a technician released the ticket: it went back to the queue (the reason stays internal). */
  returnedToQueue?: true;
  /** A line about a major incident: it joined one at filing, staff linked it, or unlinked it (back in the queue). `status` is the ticket's status then. */
  incident?: { title: string; change: 'joined' | 'linked' | 'unlinked' };
}

const INCIDENT_CHANGE = { incident_joined: 'joined', incident_linked: 'linked', incident_unlinked: 'unlinked' } as const;

export interface PublicTicket {
  code: string;
  status: TicketStatus;
  category: string;
  office: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  queuePosition: number | null;
  assignee: { firstName: string } | null;
  timeline: PublicTimelineEntry[];
  /** The files filed with the ticket (notes' files are internal and never listed here). */
  attachments: AttachmentView[];
  conversation: ConversationItem[];
  answerableUntil: string | null;
  /** The major incident it is a child of: its public message and updates (null = not linked). */
  incident: PublicIncident | null;
}

export interface PublicIncident {
  title: string;
  publicMessage: string;
  status: 'open' | 'resolved';
  since: string;
  resolvedAt: string | null;
  updates: { message: string; at: string }[];
}

function presentIncident(i: PublicIncidentView): PublicIncident {
  return {
    title: i.title,
    publicMessage: i.publicMessage,
    status: i.status,
    since: iso(i.since),
    resolvedAt: i.resolvedAt === null ? null : iso(i.resolvedAt),
    updates: i.updates.map((u) => ({ message: u.message, at: iso(u.at) })),
  };
}

/** Status changes only; closing notes are shown to the requester, release notes stay internal. */
export function publicTimeline(events: PublicTicketEvent[]): PublicTimelineEntry[] {
  const out: PublicTimelineEntry[] = [];
  let status: TicketStatus = 'registered';
  for (const e of events) {
    if (e.type === 'incident_joined' || e.type === 'incident_linked' || e.type === 'incident_unlinked') {
      out.push({ status, at: iso(e.at), incident: { title: e.incidentTitle ?? '', change: INCIDENT_CHANGE[e.type] } });
      continue;
    }
    if (e.toStatus === null || e.type === 'note') continue;
    status = e.toStatus;
    const entry: PublicTimelineEntry = { status, at: iso(e.at) };
    if (e.type === 'released') entry.returnedToQueue = true;
    // Closing notes and the requester's own reopening reason; release and waiting notes stay internal.
    if (e.note && (e.type === 'resolved' || e.type === 'cancelled' || e.type === 'reopened')) entry.note = e.note;
    out.push(entry);
  }
  return out;
}

export function presentPublicTicket(
  t: TicketSummary,
  events: PublicTicketEvent[],
  queuePosition: number | null,
  conversation: ConversationItem[],
  reopenDays: number,
  attachments: AttachmentView[] = [],
  incident: PublicIncidentView | null = null,
): PublicTicket {
  return {
    code: t.code,
    status: t.status,
    category: t.category,
    office: t.office,
    description: t.description,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    queuePosition,
    assignee: t.assigneeFullName ? { firstName: firstNameOf(t.assigneeFullName) } : null,
    timeline: publicTimeline(events),
    attachments,
    conversation,
    answerableUntil: t.closedAt === null ? null : iso(t.closedAt + reopenDays * 86_400_000),
    incident: incident ? presentIncident(incident) : null,
  };
}

export const trackingPath = (code: string) => `/t/${code}`;

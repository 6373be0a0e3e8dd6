/**
 * What staff see (JSON): everything about a ticket, the requester's DNI and phone included, with
 * the whole timeline — who did what, through which channel, when. Public views are in presenters.ts.
 */
import type { Channel, TicketEventType, TicketPriority, TicketStatus } from '../db/schema';
import { slaView, type SlaView } from './sla-due';
import { cutGraphemes } from '../core/graphemes';
import type { StaffTicketView } from './queries/staff-ticket';
import { presentConversation } from './conversation';
import type { AttachmentView } from '../attachments/presenters';
import type { TicketListItem } from './ticket-lists.repository';
import type { QueueItem } from './queries/list-queue';
import type { RowSlaState } from './queries/list-due-states';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** Long descriptions are cut in lists; the ticket page shows them whole. */
export const EXCERPT_LENGTH = 160;
export const excerpt = (text: string): string => cutGraphemes(text, EXCERPT_LENGTH);

export interface StaffTimelineEntry {
  type: TicketEventType;
  from: TicketStatus | null;
  to: TicketStatus | null;
  actor: string | null;
  channel: Channel;
  note: string | null;
  at: string;
  fromPriority: TicketPriority | null;
  toPriority: TicketPriority | null;
  attachments: AttachmentView[];
}

const presentSla = (v: SlaView) => ({
  firstResponseDueAt: isoOrNull(v.firstResponseDueAt),
  resolutionDueAt: isoOrNull(v.resolutionDueAt),
  firstResponseBreached: v.firstResponseBreached,
  resolutionBreached: v.resolutionBreached,
  paused: v.paused,
});

export function presentStaffTicket(view: StaffTicketView, now: number) {
  const { ticket: t } = view;
  const timeline: StaffTimelineEntry[] = view.events.map((e) => ({
    type: e.type,
    from: e.fromStatus,
    to: e.toStatus,
    actor: e.actorName,
    channel: e.channel,
    note: e.note,
    at: iso(e.at),
    fromPriority: e.fromPriority,
    toPriority: e.toPriority,
    attachments: view.attachments.byNote.get(e.id) ?? [],
  }));
  return {
    code: t.code,
    status: t.status,
    priority: t.priority,
    sla: presentSla(slaView(t, now)),
    category: t.category,
    office: t.office,
    description: t.description,
    channel: t.channel,
    requester: {
      fullName: `${t.requester.firstName} ${t.requester.lastName}`,
      firstName: t.requester.firstName,
      lastName: t.requester.lastName,
      dni: t.requester.dni,
      phone: t.requester.phone,
    },
    contactPhone: t.contactPhone,
    assignee: t.assignee,
    queuePosition: view.queuePosition,
    queuedAt: iso(t.queuedAt),
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    firstActionAt: isoOrNull(t.firstActionAt),
    resolvedAt: isoOrNull(t.resolvedAt),
    closedAt: isoOrNull(t.closedAt),
    asset: view.asset
      ? {
          code: view.asset.asset.code,
          description: view.asset.asset.description,
          brand: view.asset.asset.brand,
          model: view.asset.asset.model,
          serial: view.asset.asset.serial,
          office: view.asset.asset.officeName,
          earlierTickets: view.asset.earlierTickets.map((e) => ({ code: e.code, status: e.status, category: e.category, createdAt: iso(e.createdAt) })),
        }
      : null,
    attachments: view.attachments.own,
    timeline,
    /** Entries carrying a note: work-log notes and the notes of releases and closings. */
    workLog: timeline.filter((e) => e.note !== null),
    conversation: presentConversation(view.messages, view.attachments.byMessage),
    waitingSince: isoOrNull(t.waitingSince),
    waitedMinutes: Math.round(t.waitedMs / 60_000),
  };
}

export const presentWaitingTicket = (t: QueueItem, now: number) => ({
  code: t.code,
  category: t.category,
  office: t.office,
  description: excerpt(t.description),
  priority: t.priority,
  sla: presentSla(slaView(t, now)),
  slaClock: t.slaClock,
  slaState: t.slaState,
  queuedAt: iso(t.queuedAt),
  createdAt: iso(t.createdAt),
});

export const presentListItem = (t: TicketListItem, now: number, state: RowSlaState) => ({
  code: t.code,
  status: t.status,
  category: t.category,
  office: t.office,
  description: excerpt(t.description),
  requester: t.requesterName,
  assignee: t.assigneeName,
  priority: t.priority,
  sla: presentSla(slaView(t, now)),
  slaClock: state.slaClock,
  slaState: state.slaState,
  queuedAt: iso(t.queuedAt),
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

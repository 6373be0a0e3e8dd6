/**
 * Plans the demo tickets: about fifty incidents over the last four weeks, in office hours of
 * the institution's time zone, in every status, each with a timeline that a real technician
 * could have produced (created → assigned → notes → resolved / cancelled; one released with
 * "no logrado" and taken again by a colleague). Pure: the seeder turns the plan into rows.
 */
import type { Channel, TicketEventType, TicketPriority, TicketStatus } from '../db/schema';
import { addBusinessMinutes, businessMinutesBetween, type CompiledCalendar } from '../sla/business-calendar';
import { localDate } from '../core/local-time';
import { instantOfWallClock } from '../core/local-days';
import { generateTicketCode } from '../tickets/ticket-code';
import type { Random } from './prng';
import { CANCEL_NOTES, DEMO_CATEGORIES, demoTarget, RELEASE_NOTES, SURVEY_COMMENTS, TICKET_STORIES, type TicketStory } from './ticket-stories';

export interface Requester {
  dni: string;
  phone: string;
  /** Office code by year. */
  officeByYear: Record<number, string>;
}

export interface PlannedEvent {
  type: TicketEventType;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  /** Index into the technicians list; null = the requester (portal). */
  technician: number | null;
  channel: Channel;
  note: string | null;
  at: number;
  /** A `priority_changed` event: from which priority to which. */
  fromPriority?: TicketPriority;
  toPriority?: TicketPriority;
}

/** An in-app notice to one on-duty technician about the new ticket (no Telegram in the demo). */
export interface PlannedNotification {
  technician: number;
  sentAt: number;
  openedAt: number | null;
  /** The first action on the ticket, for the technician who took it. */
  actedAt: number | null;
}

export interface PlannedTicket {
  code: string;
  requesterDni: string;
  officeCode: string;
  category: string;
  description: string;
  contactPhone: string | null;
  status: TicketStatus;
  technician: number | null;
  priority: TicketPriority;
  /** SLA due instants on the business calendar, as filing and the priority change left them. */
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
  createdAt: number;
  updatedAt: number;
  firstActionAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  events: PlannedEvent[];
  survey: { score: number; comment: string | null; createdAt: number } | null;
  notifications: PlannedNotification[];
}

type Flow = 'waiting' | 'working' | 'resolved' | 'released-and-resolved' | 'cancelled';

const MINUTE = 60_000;

/** Minutes from local midnight at which the institution's day starts and new tickets stop. */
const DAY_START = 8 * 60;
const LAST_FILING = 16 * 60 + 30;

/** The instant of a local wall-clock time (`minutes` after local midnight) `workingDaysAgo` working days before today. */
export function workingDayInstant(now: number, timeZone: string, workingDaysAgo: number, minutes: number): number {
  const [y, m, d] = localDate(now, timeZone).split('-').map(Number) as [number, number, number];
  let day = Date.UTC(y, m - 1, d);
  let left = workingDaysAgo;
  const isWeekend = (ms: number) => [0, 6].includes(new Date(ms).getUTCDay());
  while (isWeekend(day)) day -= 86_400_000;
  while (left > 0) {
    day -= 86_400_000;
    if (!isWeekend(day)) left--;
  }
  const wall = day + minutes * MINUTE;
  return instantOfWallClock(wall, timeZone);
}

interface Plan {
  flow: Flow;
  /** Range of working days ago the ticket was filed. */
  daysAgo: [number, number];
}

/** How many tickets of each kind; registered ones are the freshest, closed ones spread over four weeks. */
const PLANS: { plan: Plan; count: number }[] = [
  { plan: { flow: 'resolved', daysAgo: [1, 19] }, count: 29 },
  { plan: { flow: 'released-and-resolved', daysAgo: [4, 6] }, count: 1 },
  { plan: { flow: 'cancelled', daysAgo: [2, 18] }, count: 6 },
  { plan: { flow: 'working', daysAgo: [0, 3] }, count: 7 },
  { plan: { flow: 'waiting', daysAgo: [0, 1] }, count: 9 },
];

/** Nobody filed in the last quarter of an hour, so the flood guard never blocks a demo person. */
const QUIET_BEFORE_NOW = 15 * MINUTE;

export interface PlanOptions {
  now: number;
  timeZone: string;
  localYear: number;
  /** Who files: the first ones get a ticket each in order (oldest kinds first: resolved), then random picks. */
  requesters: Requester[];
  technicianCount: number;
  /** The institution's business calendar: due times are computed on it. */
  calendar: CompiledCalendar;
}

/**
 * How far into its SLA target each open ticket is at `now`, in order of filing kind: the queue's
 * tickets by their first response, the tickets being worked on by their resolution. Below 0.75
 * the due time shows plain, from 0.75 amber ("vence pronto"), above 1 red (overdue) — so the
 * queue and "Mis tickets" show every colour whenever the demo is loaded.
 */
const QUEUE_SLA_SHARES = [0.35, 0.85, 1.5, 0.5, 0.9, 2.5, 0.2, 0.8, 1.2];
const WORKING_SLA_SHARES = [0.3, 0.85, 1.25, 0.6, 0.92, 0.15, 1.6];
/** Every n-th resolved ticket was solved after its due time, so the compliance indicators are not all 100 %. */
const LATE_RESOLUTION_EVERY = 6;

export function planDemoTickets(random: Random, options: PlanOptions): PlannedTicket[] {
  const { now, timeZone } = options;
  const stories = [...TICKET_STORIES];
  const tickets: PlannedTicket[] = [];
  const codes = new Set<string>();
  let requesterTurn = 0;
  let storyTurn = random.int(0, stories.length - 1);
  const turns = { queue: 0, working: 0, resolved: 0 };

  for (const { plan, count } of PLANS) {
    for (let i = 0; i < count; i++) {
      // Stories in a shuffled but complete round, so every category shows up.
      const story = stories[(storyTurn += 7) % stories.length] as TicketStory;
      const requester = requesterTurn < options.requesters.length ? (options.requesters[requesterTurn++] as Requester) : random.pick(options.requesters);
      const tech = random.int(0, options.technicianCount - 1);
      let otherTech = random.int(0, options.technicianCount - 1);
      if (otherTech === tech) otherTech = (tech + 1) % options.technicianCount;
      const durations = {
        filedAt: random.int(DAY_START, LAST_FILING),
        toAssign: random.int(3, 45),
        toNote: random.int(10, 90),
        toClose: random.int(15, 180),
        toRelease: random.int(60, 180),
        toRetake: random.int(20, 120),
        withNote: random.chance(0.7),
        withPhone: random.chance(0.4),
        survey: random.chance(0.6),
        score: random.weighted([
          [5, 50],
          [4, 33],
          [3, 11],
          [2, 4],
          [1, 2],
        ] as const),
        comment: random.chance(0.3) ? random.pick(SURVEY_COMMENTS) : null,
        toSurvey: random.int(5, 600),
        cancelNote: random.pick(CANCEL_NOTES),
        releaseNote: random.pick(RELEASE_NOTES),
        notices: Array.from({ length: options.technicianCount }, () => ({
          afterSeconds: random.int(2, 20),
          opened: random.chance(0.45),
          openAfterMinutes: random.int(1, 40),
        })),
      };
      let daysAgo = random.int(plan.daysAgo[0], plan.daysAgo[1]);
      let ticket: PlannedTicket;
      // A ticket must be over before now: file it a working day earlier until it is.
      const share =
        plan.flow === 'waiting' ? QUEUE_SLA_SHARES[turns.queue++ % QUEUE_SLA_SHARES.length] : plan.flow === 'working' ? WORKING_SLA_SHARES[turns.working++ % WORKING_SLA_SHARES.length] : undefined;
      const late = plan.flow === 'resolved' && turns.resolved++ % LATE_RESOLUTION_EVERY === LATE_RESOLUTION_EVERY - 1;
      for (;;) {
        ticket = buildTicket(plan.flow, workingDayInstant(now, timeZone, daysAgo, durations.filedAt), story, requester, tech, otherTech, durations);
        if (share !== undefined) ticket = filedForShare(ticket, share, options.calendar, now);
        else applyDueTimes(ticket, options.calendar);
        if (late) resolveLate(ticket);
        if (ticket.createdAt < now - QUIET_BEFORE_NOW && ticket.updatedAt < now - MINUTE) break;
        daysAgo++;
      }
      let code = generateTicketCode();
      while (codes.has(code)) code = generateTicketCode();
      codes.add(code);
      ticket.code = code;
      const year = Number(localDate(ticket.createdAt, timeZone).slice(0, 4));
      ticket.officeCode = requester.officeByYear[year] ?? requester.officeByYear[options.localYear] ?? ticket.officeCode;
      if (ticket.survey && ticket.survey.createdAt >= now) ticket.survey = null;
      for (const n of ticket.notifications) if (n.openedAt !== null && n.openedAt >= now) n.openedAt = null;
      tickets.push(ticket);
    }
  }
  return tickets.sort((a, b) => a.createdAt - b.createdAt);
}

interface Durations {
  toAssign: number;
  toNote: number;
  toClose: number;
  toRelease: number;
  toRetake: number;
  withNote: boolean;
  withPhone: boolean;
  survey: boolean;
  score: number;
  comment: string | null;
  toSurvey: number;
  cancelNote: string;
  releaseNote: string;
  notices: { afterSeconds: number; opened: boolean; openAfterMinutes: number }[];
}

function buildTicket(flow: Flow, createdAt: number, story: TicketStory, requester: Requester, tech: number, otherTech: number, d: Durations): PlannedTicket {
  const events: PlannedEvent[] = [{ type: 'created', fromStatus: null, toStatus: 'registered', technician: null, channel: 'portal', note: null, at: createdAt }];
  let at = createdAt;
  const push = (e: Omit<PlannedEvent, 'at'>, afterMinutes: number) => {
    at += afterMinutes * MINUTE;
    events.push({ ...e, at });
  };
  const assign = (who: number, afterMinutes: number, channel: Channel) =>
    push({ type: 'assigned', fromStatus: 'registered', toStatus: 'in_progress', technician: who, channel, note: null }, afterMinutes);
  const note = (who: number, text: string, afterMinutes: number) => push({ type: 'note', fromStatus: null, toStatus: null, technician: who, channel: 'web', note: text }, afterMinutes);

  let status: TicketStatus = 'registered';
  let assignee: number | null = null;
  let resolvedAt: number | null = null;
  let closedAt: number | null = null;
  const categoryPriority = DEMO_CATEGORIES.find((c) => c.name === story.category)?.defaultPriority ?? 'normal';
  let priority: TicketPriority = categoryPriority;
  if (flow !== 'waiting') {
    assign(tech, d.toAssign, 'web');
    status = 'in_progress';
    assignee = tech;
    // Whoever takes it sees at once that it matters more (or less) than its category says.
    if (story.raise && story.raise.to !== categoryPriority) {
      push({ type: 'priority_changed', fromStatus: null, toStatus: null, technician: tech, channel: 'web', note: story.raise.note, fromPriority: categoryPriority, toPriority: story.raise.to }, 2);
      priority = story.raise.to;
    }
  }
  if (flow === 'released-and-resolved') {
    note(tech, story.work, d.toNote);
    push({ type: 'released', fromStatus: 'in_progress', toStatus: 'registered', technician: tech, channel: 'web', note: d.releaseNote }, d.toRelease);
    assign(otherTech, d.toRetake, 'web');
    assignee = otherTech;
  } else if (flow !== 'waiting' && (d.withNote || flow === 'resolved')) {
    note(tech, story.work, d.toNote);
  }
  if (flow === 'resolved' || flow === 'released-and-resolved') {
    push({ type: 'resolved', fromStatus: 'in_progress', toStatus: 'resolved', technician: assignee, channel: 'web', note: story.resolution }, d.toClose);
    status = 'resolved';
    resolvedAt = closedAt = at;
  }
  if (flow === 'cancelled') {
    push({ type: 'cancelled', fromStatus: 'in_progress', toStatus: 'cancelled', technician: assignee, channel: 'web', note: d.cancelNote }, d.toClose);
    status = 'cancelled';
    closedAt = at;
  }
  const firstAction = events.find((e) => e.technician !== null);
  // Every on-duty technician is told; the one who took it opened the notice just before acting.
  const notifications = d.notices.map((n, technician): PlannedNotification => {
    const sentAt = createdAt + n.afterSeconds * 1000;
    if (firstAction && technician === firstAction.technician) {
      return { technician, sentAt, openedAt: Math.max(sentAt, firstAction.at - 30_000), actedAt: firstAction.at };
    }
    return { technician, sentAt, openedAt: n.opened ? sentAt + n.openAfterMinutes * MINUTE : null, actedAt: null };
  });
  return {
    code: '',
    requesterDni: requester.dni,
    officeCode: '',
    category: story.category,
    description: story.description,
    contactPhone: d.withPhone ? requester.phone : null,
    status,
    technician: assignee,
    priority,
    firstResponseDueAt: null,
    resolutionDueAt: null,
    createdAt,
    updatedAt: at,
    firstActionAt: firstAction ? firstAction.at : null,
    resolvedAt,
    closedAt,
    events,
    survey: status === 'resolved' && d.survey ? { score: d.score, comment: d.comment, createdAt: at + d.toSurvey * MINUTE } : null,
    notifications,
  };
}

/** The due instants of a ticket filed at `createdAt` with its priority (no pauses: the demo never waits). */
function applyDueTimes(ticket: PlannedTicket, calendar: CompiledCalendar): void {
  const target = demoTarget(ticket.priority, ticket.category);
  ticket.firstResponseDueAt = addBusinessMinutes(calendar, ticket.createdAt, target.firstResponseMinutes);
  ticket.resolutionDueAt = addBusinessMinutes(calendar, ticket.createdAt, target.resolutionMinutes);
}

/** The latest instant (whole minute) with at least `minutes` business minutes between it and `now`. */
function businessMinutesBefore(calendar: CompiledCalendar, now: number, minutes: number): number {
  let lo = now - 90 * 86_400_000;
  let hi = now;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2);
    if (businessMinutesBetween(calendar, mid, now) >= minutes) lo = mid;
    else hi = mid;
  }
  return Math.floor(lo / MINUTE) * MINUTE;
}

/** Moves every instant of a ticket by `delta` ms (its timeline keeps its shape). */
function shifted(ticket: PlannedTicket, delta: number): PlannedTicket {
  const move = (t: number | null) => (t === null ? null : t + delta);
  return {
    ...ticket,
    createdAt: ticket.createdAt + delta,
    updatedAt: ticket.updatedAt + delta,
    firstActionAt: move(ticket.firstActionAt),
    resolvedAt: move(ticket.resolvedAt),
    closedAt: move(ticket.closedAt),
    events: ticket.events.map((e) => ({ ...e, at: e.at + delta })),
    survey: ticket.survey ? { ...ticket.survey, createdAt: ticket.survey.createdAt + delta } : null,
    notifications: ticket.notifications.map((n) => ({ ...n, sentAt: n.sentAt + delta, openedAt: move(n.openedAt), actedAt: move(n.actedAt) })),
  };
}

/**
 * An open ticket re-filed so that `share` of its running target (the first response while in the
 * queue, the resolution once taken) is used up at `now`, in business minutes; earlier when its
 * timeline would otherwise run into the last quarter of an hour.
 */
function filedForShare(ticket: PlannedTicket, share: number, calendar: CompiledCalendar, now: number): PlannedTicket {
  const target = demoTarget(ticket.priority, ticket.category);
  const minutes = ticket.status === 'registered' ? target.firstResponseMinutes : target.resolutionMinutes;
  let used = Math.round(share * minutes);
  for (;;) {
    const moved = shifted(ticket, businessMinutesBefore(calendar, now, used) - ticket.createdAt);
    if (moved.createdAt < now - QUIET_BEFORE_NOW && moved.updatedAt < now - MINUTE) {
      applyDueTimes(moved, calendar);
      return moved;
    }
    used += 10;
  }
}

/** A resolved ticket whose closing came an hour and a half after its resolution due time. */
function resolveLate(ticket: PlannedTicket): void {
  const closing = ticket.events.at(-1);
  if (!closing || closing.type !== 'resolved' || ticket.resolutionDueAt === null) return;
  const at = Math.max(closing.at, ticket.resolutionDueAt + 90 * MINUTE);
  const delta = at - closing.at;
  closing.at = at;
  ticket.resolvedAt = ticket.closedAt = ticket.updatedAt = at;
  if (ticket.survey) ticket.survey.createdAt += delta;
}

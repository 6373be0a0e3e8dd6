/**
 * The six indicators of design.md for a period, with the counts behind each ratio.
 * Rates are fractions 0–1 (null when there is nothing to divide by), averages in minutes
 * (null when nothing was measured) — rounded only for display.
 */
import type { Executor } from '../db/database';
import { assistantTotals, conversationTotals, notificationTotals, responseTimeTotals, satisfactionTotals, ticketTotals, type Span } from './indicators.repository';
import { DAY_MS } from '../core/local-days';
import { businessResolutionTotals, slaTotals, type SlaTotals } from './sla-indicators.repository';
import { incidentTotals } from './incident-indicators.repository';
import type { MetricsFilters, MetricsRange } from './range';
import { addNotificationFacts, addTicketTotals, wholeDayFacts, wholeDaysOf, type PeriodFacts } from './rollups';

export interface MetricsSummary {
  from: string;
  to: string;
  tickets: {
    reported: number;
    resolved: number;
    cancelled: number;
    resolutionRate: number | null;
    avgResolutionMinutes: number | null;
    /** The same span on the institution's business calendar (issue 18): over the resolved tickets that stored it. */
    avgResolutionBusinessMinutes: number | null;
    avgFirstResponseMinutes: number | null;
    /** Tickets reported in the period that the requester reopened (resolution counts the final one). */
    reopened: number;
    /** Of `avgResolutionMinutes`: the part spent waiting for the requester, and the rest (working time). */
    avgWaitingMinutes: number | null;
    avgWorkingMinutes: number | null;
    /** Resolved tickets that waited for the requester at least once. */
    waitedTickets: number;
  };
  assistant: { interactions: number; answered: number; interactionRate: number | null };
  notifications: {
    sent: number;
    opened: number;
    openRate: number | null;
    avgResponseMinutes: number | null;
    /** Notified tickets behind `avgResponseMinutes`. */
    respondedTickets: number;
  };
  satisfaction: {
    responses: number;
    /** Usability indicator: mean score ÷ 5 (a mean of 4.5 is 0.9). */
    score: number | null;
    /** Mean score on the 1–5 scale. */
    average: number | null;
  };
  /** SLA compliance (issue 18): counts, and each clock's met share of those judged (met + breached). */
  sla: SlaTotals & { firstResponseRate: number | null; resolutionRate: number | null };
  /**
   * Major incidents (issue 19) declared in the period and what became of them. Their children are
   * ordinary tickets in `tickets`: one resolved with its incident counts as resolved, its resolution
   * time running from its own registration to the incident's resolution.
   */
  incidents: {
    declared: number;
    /** Of those declared, resolved by now. */
    resolved: number;
    /** Mean declaration → resolution of the resolved ones. */
    avgDurationMinutes: number | null;
    /** Tickets that are their children now (linked by staff or joined at filing). */
    ticketsAbsorbed: number;
    /** Of the absorbed, those that joined at filing (never entered the queue). */
    filingsDeflected: number;
  };
}

export interface SummaryOptions {
  /**
   * Read whole days of an unfiltered period from the daily rollups (default). False computes
   * everything from the live tables — same figures, slower over long periods.
   */
  rollups?: boolean;
  /** The instant a due time still ahead counts as pending, not missed (default: the period's end). */
  now?: number;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const minutes = (ms: number | null): number | null => (ms === null ? null : ms / 60_000);
const mean = (sum: number, count: number): number | null => (count > 0 ? sum / count : null);

/** Tickets and their notifications over a span, straight from the live tables. */
async function liveFacts(db: Executor, span: Span, filters: MetricsFilters): Promise<PeriodFacts> {
  const [tickets, notifications, response] = await Promise.all([ticketTotals(db, span, filters), notificationTotals(db, span, filters), responseTimeTotals(db, span, filters)]);
  return { tickets, notifications: { ...notifications, respondedTickets: response.tickets, responseMs: response.responseMs } };
}

/**
 * Whole UTC days of an unfiltered period from the rollups, the partial days at either end live.
 * Filtered periods are a small part of the tickets and stay live.
 */
async function periodFacts(db: Executor, span: Span, filters: MetricsFilters, options: SummaryOptions): Promise<PeriodFacts> {
  const days = wholeDaysOf(span);
  const filtered = filters.officeId !== undefined || filters.categoryId !== undefined;
  if (options.rollups === false || filtered || !days) return liveFacts(db, span, filters);
  const head = { start: span.start, end: days.first * DAY_MS };
  const tail = { start: (days.last + 1) * DAY_MS, end: span.end };
  const edges = [head, tail].filter((edge) => edge.end > edge.start);
  const parts = await Promise.all([wholeDayFacts(db, days.first, days.last), ...edges.map((edge) => liveFacts(db, edge, {}))]);
  return parts.reduce((a, b) => ({ tickets: addTicketTotals(a.tickets, b.tickets), notifications: addNotificationFacts(a.notifications, b.notifications) }));
}

export async function computeSummary(db: Executor, range: MetricsRange, filters: MetricsFilters = {}, options: SummaryOptions = {}): Promise<MetricsSummary> {
  const span = { start: range.start, end: range.end };
  const [{ tickets, notifications }, assistant, satisfaction, conversation, sla, incidents, business] = await Promise.all([
    periodFacts(db, span, filters, options),
    assistantTotals(db, span),
    satisfactionTotals(db, span, filters),
    conversationTotals(db, span, filters),
    slaTotals(db, span, filters, Math.min(range.end, options.now ?? range.end)),
    incidentTotals(db, span, filters),
    businessResolutionTotals(db, span, filters),
  ]);
  return {
    from: new Date(range.start).toISOString(),
    to: new Date(range.end).toISOString(),
    tickets: {
      reported: tickets.reported,
      resolved: tickets.resolved,
      cancelled: tickets.cancelled,
      resolutionRate: ratio(tickets.resolved, tickets.reported),
      avgResolutionMinutes: minutes(mean(tickets.resolutionMs, tickets.withResolution)),
      avgResolutionBusinessMinutes: mean(business.businessMinutes, business.measured),
      avgFirstResponseMinutes: minutes(mean(tickets.firstResponseMs, tickets.withFirstAction)),
      reopened: conversation.reopened,
      avgWaitingMinutes: minutes(mean(conversation.waitingMs, tickets.withResolution)),
      avgWorkingMinutes: minutes(mean(tickets.resolutionMs - conversation.waitingMs, tickets.withResolution)),
      waitedTickets: conversation.waited,
    },
    assistant: {
      interactions: assistant.interactions,
      answered: assistant.answered,
      interactionRate: ratio(assistant.answered, assistant.interactions),
    },
    notifications: {
      sent: notifications.sent,
      opened: notifications.opened,
      openRate: ratio(notifications.opened, notifications.sent),
      avgResponseMinutes: minutes(mean(notifications.responseMs, notifications.respondedTickets)),
      respondedTickets: notifications.respondedTickets,
    },
    satisfaction: {
      responses: satisfaction.responses,
      score: satisfaction.averageScore === null ? null : satisfaction.averageScore / 5,
      average: satisfaction.averageScore,
    },
    sla: {
      ...sla,
      firstResponseRate: ratio(sla.firstResponseMet, sla.firstResponseMet + sla.firstResponseBreached),
      resolutionRate: ratio(sla.resolutionMet, sla.resolutionMet + sla.resolutionBreached),
    },
    incidents: {
      declared: incidents.declared,
      resolved: incidents.resolved,
      avgDurationMinutes: minutes(mean(incidents.durationMs, incidents.resolved)),
      ticketsAbsorbed: incidents.ticketsAbsorbed,
      filingsDeflected: incidents.filingsDeflected,
    },
  };
}

/**
 * The six indicators of design.md for a period, with the counts behind each ratio.
 * Rates are fractions 0–1 (null when there is nothing to divide by), averages in minutes
 * (null when nothing was measured) — rounded only for display.
 */
import type { Executor } from '../db/database';
import {
  assistantTotals,
  notificationTotals,
  responseTimeTotals,
  satisfactionTotals,
  ticketTotals,
} from './indicators.repository';
import type { MetricsFilters, MetricsRange } from './range';

export interface MetricsSummary {
  from: string;
  to: string;
  tickets: {
    reported: number;
    resolved: number;
    cancelled: number;
    resolutionRate: number | null;
    avgResolutionMinutes: number | null;
    avgFirstResponseMinutes: number | null;
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
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const minutes = (ms: number | null): number | null => (ms === null ? null : ms / 60_000);

export async function computeSummary(db: Executor, range: MetricsRange, filters: MetricsFilters = {}): Promise<MetricsSummary> {
  const span = { start: range.start, end: range.end };
  const [tickets, assistant, notifications, response, satisfaction] = await Promise.all([
    ticketTotals(db, span, filters),
    assistantTotals(db, span),
    notificationTotals(db, span, filters),
    responseTimeTotals(db, span, filters),
    satisfactionTotals(db, span, filters),
  ]);
  return {
    from: new Date(range.start).toISOString(),
    to: new Date(range.end).toISOString(),
    tickets: {
      reported: tickets.reported,
      resolved: tickets.resolved,
      cancelled: tickets.cancelled,
      resolutionRate: ratio(tickets.resolved, tickets.reported),
      avgResolutionMinutes: minutes(tickets.avgResolutionMs),
      avgFirstResponseMinutes: minutes(tickets.avgFirstResponseMs),
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
      avgResponseMinutes: minutes(response.avgResponseMs),
      respondedTickets: response.tickets,
    },
    satisfaction: {
      responses: satisfaction.responses,
      score: satisfaction.averageScore === null ? null : satisfaction.averageScore / 5,
      average: satisfaction.averageScore,
    },
  };
}

/**
 * SQL behind the SLA compliance indicator (issue 18): over the tickets registered in a span that
 * had a target (a first-response due instant) and were not cancelled, how many met and how many
 * missed each clock, judged at `asOf` (the end of the period, or now when that is earlier). A
 * ticket whose due instant is still ahead, or whose resolution clock is paused, is neither yet.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/database';
import { num, ticketFilterSql, type Span } from './indicators.repository';
import type { MetricsFilters } from './range';

export interface SlaTotals {
  measured: number;
  firstResponseMet: number;
  firstResponseBreached: number;
  resolutionMet: number;
  resolutionBreached: number;
}

export async function slaTotals(db: Executor, span: Span, filters: MetricsFilters, asOf: number): Promise<SlaTotals> {
  const r = await db
    .selectFrom('tickets')
    .select([
      sql<number>`COUNT(*)`.as('measured'),
      sql<number>`SUM(CASE WHEN first_action_at IS NOT NULL AND first_action_at <= first_response_due_at THEN 1 ELSE 0 END)`.as('fr_met'),
      sql<number>`SUM(CASE WHEN first_action_at > first_response_due_at OR (first_action_at IS NULL AND first_response_due_at < ${asOf}) THEN 1 ELSE 0 END)`.as('fr_breached'),
      sql<number>`SUM(CASE WHEN resolved_at IS NOT NULL AND resolution_due_at IS NOT NULL AND resolved_at <= resolution_due_at THEN 1 ELSE 0 END)`.as('res_met'),
      sql<number>`SUM(CASE WHEN resolution_due_at IS NOT NULL AND (resolved_at > resolution_due_at OR (resolved_at IS NULL AND resolution_due_at < ${asOf})) THEN 1 ELSE 0 END)`.as('res_breached'),
    ])
    .where('created_at', '>=', span.start)
    .where('created_at', '<', span.end)
    .where('status', '!=', 'cancelled')
    .where('first_response_due_at', 'is not', null)
    .where(ticketFilterSql(filters))
    .executeTakeFirstOrThrow();
  return {
    measured: num(r.measured),
    firstResponseMet: num(r.fr_met),
    firstResponseBreached: num(r.fr_breached),
    resolutionMet: num(r.res_met),
    resolutionBreached: num(r.res_breached),
  };
}

export interface BusinessResolutionTotals {
  /** Sum of `resolution_business_minutes` over the resolved tickets that have it. */
  businessMinutes: number;
  /** How many those are (tickets resolved before migration 0195 have none). */
  measured: number;
}

/** The resolution time on the institution's calendar, over the tickets registered in the span and resolved. */
export async function businessResolutionTotals(db: Executor, span: Span, filters: MetricsFilters): Promise<BusinessResolutionTotals> {
  const r = await db
    .selectFrom('tickets')
    .select([sql<number>`SUM(resolution_business_minutes)`.as('minutes'), sql<number>`COUNT(resolution_business_minutes)`.as('measured')])
    .where('created_at', '>=', span.start)
    .where('created_at', '<', span.end)
    .where('status', '=', 'resolved')
    .where(ticketFilterSql(filters))
    .executeTakeFirstOrThrow();
  return { businessMinutes: num(r.minutes), measured: num(r.measured) };
}

/**
 * Slots where other features add a component to a portal page with one line each, without
 * touching the page itself. An extra may load data (`render` can be async: it runs before the
 * page is rendered to a string) and may need client scripts (`scripts`, e.g. `['assistant.js']`).
 *
 * The ticket form's fields have stable ids a widget may fill: `#dni`, `#categoryId`
 * (a `<select>` of category ids), `#description`, `#contactPhone`; the form is `#ticket-form`.
 * After setting a value, dispatch an `input` event on the field (`new Event('input', { bubbles: true })`)
 * so the character counter and the DNI lookup follow.
 */
import type { ComponentChildren } from 'preact';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../core/context';
import type { PublicTicket } from '../../../tickets/presenters';
import type { PageContext } from '../../render';
import { followOnTelegram } from '../notifications/follow-on-telegram';
import { surveyExtra } from './survey';
import { conversationExtra } from './conversation';
import { assistantWidget } from './assistant-widget';

export interface PortalExtraArgs {
  page: PageContext;
  ctx: AppContext;
  request: FastifyRequest;
}

export interface TrackingExtraArgs extends PortalExtraArgs {
  /** What the public may see of the ticket (no DNI, no phone). */
  ticket: PublicTicket;
}

export interface PortalExtra<A> {
  /** Client scripts the component needs (bundled from `web/client/<name>.ts`). */
  scripts?: string[];
  render(args: A): ComponentChildren | Promise<ComponentChildren>;
}

export type HomeExtra = PortalExtra<PortalExtraArgs>;
export type TrackingExtra = PortalExtra<TrackingExtraArgs>;

/** Home page, beside the ticket form on a wide screen and above it on a phone. */
export const homeExtras: HomeExtra[] = [
  // Assistant chat widget (issue 5): add its HomeExtra here.
  assistantWidget,
];

/** Tracking page `/t/:code`, after the timeline, in this order. */
export const trackingExtras: TrackingExtra[] = [
  // The conversation with the technician, the answer and reopen forms (issue 17).
  conversationExtra,
  // (a) Satisfaction survey once the ticket is resolved (issue 6).
  surveyExtra,
  followOnTelegram,
];

/** Renders the extras of a slot in order, and the scripts they need. */
export async function renderExtras<A>(extras: PortalExtra<A>[], args: A): Promise<{ nodes: ComponentChildren[]; scripts: string[] }> {
  const nodes = await Promise.all(extras.map((e) => e.render(args)));
  return { nodes, scripts: extras.flatMap((e) => e.scripts ?? []) };
}

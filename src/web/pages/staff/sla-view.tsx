/** Priority badges and "vence en …" on the staff pages (the same classes queue.ts draws with). */
import type { TicketPriority } from '../../../db/schema';
import type { SlaClock, SlaState } from '../../../tickets/sla-urgency';
import { slaView } from '../../../tickets/sla-due';
import type { TicketListItem } from '../../../tickets/ticket-lists.repository';
import { dueText, PRIORITY_CLASS, SLA_STATE_CLASS } from '../../client/_sla';
import type { StaffPageContext } from '../../staff-layout';

export function PriorityBadge({ page, priority }: { page: StaffPageContext; priority: TicketPriority }) {
  return <span class={PRIORITY_CLASS[priority]}>{page.t(`priority.${priority}`)}</span>;
}

/**
 * Time left to a due instant (or since it passed), coloured by its state, the exact instant as
 * `datetime`. `prefix`: the queue names the resolution clock ("Resolución: vence en …") on the
 * tickets whose first response is already behind them.
 */
export function DueIn({ page, dueAt, now, state, prefix }: { page: StaffPageContext; dueAt: number | null; now: number; state: SlaState; prefix?: string }) {
  if (dueAt === null) return <span class={SLA_STATE_CLASS.none}>{page.t('sla.none')}</span>;
  const text = dueText(dueAt, now, { dueIn: page.t('sla.dueIn', { time: '{time}' }), overdue: page.t('sla.overdue', { time: '{time}' }) });
  return (
    <time class={SLA_STATE_CLASS[state]} dateTime={new Date(dueAt).toISOString()} data-due={dueAt} data-state={state} data-prefix={prefix}>
      {prefix ? `${prefix}: ${text}` : text}
    </time>
  );
}

/** The queue's due time of a waiting ticket: its first response, or its resolution once someone acted on it. */
export function QueueDue({
  page,
  ticket,
  now,
}: {
  page: StaffPageContext;
  ticket: { slaClock: SlaClock; slaState: SlaState; firstResponseDueAt: number | null; resolutionDueAt: number | null };
  now: number;
}) {
  const resolution = ticket.slaClock === 'resolution';
  return <DueIn page={page} dueAt={resolution ? ticket.resolutionDueAt : ticket.firstResponseDueAt} now={now} state={ticket.slaState} prefix={resolution ? page.t('sla.resolution') : undefined} />;
}

/**
 * A list's due cell (the ticket list, Mis tickets): the clock that still runs, coloured as in the queue — amber from 75 % of its target, red once past:
 * the first response while nobody acted on the ticket, then the resolution ("en pausa" while it
 * waits for the requester); "cumplido"/"incumplido" once closed. `state`: from listDueStates.
 */
export function ListDue({ page, ticket, now, state }: { page: StaffPageContext; ticket: TicketListItem; now: number; state: SlaState }) {
  const { t } = page;
  const sla = slaView(ticket, now);
  if (ticket.status === 'cancelled') return <span class="text-secondary">—</span>;
  if (ticket.status === 'resolved') {
    if (sla.resolutionDueAt === null) return <span class={'sla-due text-secondary'}>{t('sla.none')}</span>;
    return <span class={sla.resolutionBreached ? 'sla-due sla-breached' : 'sla-due'}>{t(sla.resolutionBreached ? 'sla.breached' : 'sla.met')}</span>;
  }
  if (ticket.firstActionAt === null) return <DueIn page={page} dueAt={sla.firstResponseDueAt} now={now} state={state} />;
  if (sla.paused) return <span class="text-secondary">{t('sla.paused')}</span>;
  return <DueIn page={page} dueAt={sla.resolutionDueAt} now={now} state={state} prefix={t('sla.resolution')} />;
}

/** Priority badges and "vence en …" on the staff pages (the same classes queue.ts draws with). */
import type { TicketPriority } from '../../../db/schema';
import type { SlaState } from '../../../tickets/sla-urgency';
import { dueText, PRIORITY_CLASS, SLA_STATE_CLASS } from '../../client/_sla';
import type { StaffPageContext } from '../../staff-layout';

export function PriorityBadge({ page, priority }: { page: StaffPageContext; priority: TicketPriority }) {
  return <span class={PRIORITY_CLASS[priority]}>{page.t(`priority.${priority}`)}</span>;
}

/** Time left to a due instant (or since it passed), coloured by its state, the exact instant as `datetime`. */
export function DueIn({ page, dueAt, now, state }: { page: StaffPageContext; dueAt: number | null; now: number; state: SlaState }) {
  if (dueAt === null) return <span class={SLA_STATE_CLASS.none}>{page.t('sla.none')}</span>;
  return (
    <time class={SLA_STATE_CLASS[state]} dateTime={new Date(dueAt).toISOString()} data-due={dueAt} data-state={state}>
      {dueText(dueAt, now, { dueIn: page.t('sla.dueIn', { time: '{time}' }), overdue: page.t('sla.overdue', { time: '{time}' }) })}
    </time>
  );
}

/**
 * The ticket page's "Prioridad y plazos" card: the priority with its change form (a POST that
 * redirects, audited in the timeline) and the SLA due instants — first response and resolution,
 * met or breached once done, "en pausa" while the ticket waits for the requester.
 */
import type { StaffTicketView, TicketDueStates } from '../../../tickets/queries/staff-ticket';
import type { SlaState } from '../../../tickets/sla-urgency';
import { PRIORITIES } from '../../../tickets/priority';
import { slaView } from '../../../tickets/sla-due';
import { NOTE_MAX } from '../../../tickets/state-machine';
import { CsrfField, FormErrors, type StaffPageContext } from '../../staff-layout';
import { formatInstant } from '../portal/format';
import { DueIn, PriorityBadge } from './sla-view';
import { Section } from '../../card-section';

function DueLine({ page, dueAt, done, breached, state, now }: { page: StaffPageContext; dueAt: number | null; done: boolean; breached: boolean; state: SlaState; now: number }) {
  const { t } = page;
  if (dueAt === null) return <span class="text-secondary">{t('sla.none')}</span>;
  const at = <time dateTime={new Date(dueAt).toISOString()}>{t('sla.dueAt', { date: formatInstant(dueAt, page.locale, page.timeZone) })}</time>;
  if (done) {
    return (
      <>
        <span class={breached ? 'sla-due sla-breached' : 'sla-due'}>{t(breached ? 'sla.breached' : 'sla.met')}</span> <span class="small text-secondary">({at})</span>
      </>
    );
  }
  return (
    <>
      <DueIn page={page} dueAt={dueAt} now={now} state={breached ? 'breached' : state === 'warning' ? 'warning' : 'ok'} /> <span class="small text-secondary">({at})</span>
    </>
  );
}

export function TicketSlaCard({
  page,
  view,
  states,
  now,
  errors,
  values,
}: {
  page: StaffPageContext;
  view: StaffTicketView;
  /** Amber from 75 % of a target, as in the queue. */
  states: TicketDueStates;
  now: number;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}) {
  const { t } = page;
  const { ticket } = view;
  const sla = slaView(ticket, now);
  const closed = ticket.status === 'resolved' || ticket.status === 'cancelled';
  const chosen = values?.priority || ticket.priority;
  // The error list links to the fields by id; this form's note is `priority-note`.
  const shown = errors && Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === 'note' ? 'priority-note' : k, v]));
  return (
    <Section id="sla-title" title={t('sla.label')} class="card shadow-sm mb-4" anchor="prioridad">
      <dl class="ticket-facts mb-2">
        <dt>{t('priority.label')}</dt>
        <dd id="ticket-priority">
          <PriorityBadge page={page} priority={ticket.priority} />
        </dd>
        <dt>{t('sla.firstResponse')}</dt>
        <dd id="sla-first-response">
          <DueLine page={page} dueAt={sla.firstResponseDueAt} done={ticket.firstActionAt !== null || closed} breached={sla.firstResponseBreached} state={states.firstResponse} now={now} />
        </dd>
        <dt>{t('sla.resolution')}</dt>
        <dd id="sla-resolution">
          {sla.paused ? (
            <span class="text-secondary">{t('sla.paused')}</span>
          ) : (
            <DueLine page={page} dueAt={sla.resolutionDueAt} done={closed} breached={sla.resolutionBreached} state={states.resolution} now={now} />
          )}
        </dd>
      </dl>
      {!closed && (
        <form method="post" action={`/staff/tickets/${ticket.code}/priority`} id="priority-form" class="border-top pt-2">
          <CsrfField page={page} />
          <FormErrors page={page} errors={shown} />
          <div class="row g-2 align-items-end">
            <div class="col-sm-5">
              <label class="form-label" for="priority">
                {t('priority.change')}
              </label>
              <select class={errors?.priority ? 'form-select is-invalid' : 'form-select'} id="priority" name="priority">
                {PRIORITIES.map((p) => (
                  <option value={p} selected={p === chosen}>
                    {t(`priority.${p}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="col-sm-7">
              <label class="form-label" for="priority-note">
                {t('priority.noteOptional')}
              </label>
              <input class={errors?.note ? 'form-control is-invalid' : 'form-control'} id="priority-note" name="note" maxLength={NOTE_MAX} value={values?.note ?? ''} />
            </div>
          </div>
          <button type="submit" class="btn btn-outline-primary mt-2">
            {t('priority.change')}
          </button>
        </form>
      )}
    </Section>
  );
}

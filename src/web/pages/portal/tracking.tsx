/**
 * Tracking: `/t` (type a code) and `/t/:code` (status, details, the description as text, the
 * timeline, the queue position). Other features add components after the timeline through
 * `trackingExtras` (see extras.ts).
 */
import type { ComponentChildren } from 'preact';
import { RecentTickets } from '../../offline/offline-components';
import type { PublicIncident, PublicTicket } from '../../../tickets/presenters';
import { Layout } from '../../layout';
import type { PageContext } from '../../render';
import { Instant, StatusBadge, statusName } from './format';
import { AttachmentList } from '../../attachments-view';

/**
 * The code form. With `error` the field is marked invalid and described by the element `code-error`:
 * the lookup page shows that message once, in its alert, rather than again under the field.
 */
export function TrackForm({ page, code = '', error }: { page: PageContext; code?: string; error?: string | null }) {
  const { t } = page;
  return (
    <form class="card card-body shadow-sm" method="get" action="/t" noValidate>
      <label class="form-label fw-semibold" for="code">
        {t('portal.track.code')}
      </label>
      <div class="input-group has-validation">
        <input
          id="code"
          name="code"
          class={error ? 'form-control text-uppercase is-invalid' : 'form-control text-uppercase'}
          value={code}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={20}
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'code-error code-help' : 'code-help'}
        />
        <button class="btn btn-primary" type="submit">
          {t('portal.track.submit')}
        </button>
      </div>
      <div id="code-help" class="form-text">
        {t('portal.track.codeHelp')}
      </div>
    </form>
  );
}

/** `/t`, and the answer to an unknown or malformed code (with the form to try again). */
export function TrackLookupPage({ page, code, error }: { page: PageContext; code?: string; error?: string | null }) {
  const { t } = page;
  const title = error ? t('portal.track.notFoundTitle') : t('portal.track.title');
  return (
    <Layout page={page} title={title}>
      <div class="row justify-content-center">
        <div class="col-lg-8 col-xl-6">
          <h1 class="h3">{title}</h1>
          {error ? (
            <div id="code-error" class="alert alert-warning" role="alert">
              {error}
            </div>
          ) : (
            <p class="text-secondary">{t('portal.track.intro')}</p>
          )}
          {error && <h2 class="h5">{t('portal.track.tryAgain')}</h2>}
          <TrackForm page={page} code={code} error={error} />
          <RecentTickets page={page} />
        </div>
      </div>
    </Layout>
  );
}

function QueuePosition({ page, position }: { page: PageContext; position: number }) {
  const ahead = position - 1;
  const text = ahead <= 0 ? page.t('portal.track.queueNext') : ahead === 1 ? page.t('portal.track.queueOne') : page.t('portal.track.queueMany', { count: ahead });
  return <p class="alert alert-info queue-position">{text}</p>;
}

/** A child of a major incident: what staff published about it, and its updates (newest last). */
function IncidentSection({ page, incident, timeZone }: { page: PageContext; incident: PublicIncident; timeZone: string }) {
  const { t } = page;
  const open = incident.status === 'open';
  return (
    <section id="ticket-incident" class={open ? 'alert alert-info' : 'alert alert-success'} aria-labelledby="ticket-incident-title">
      <h2 id="ticket-incident-title" class="h5">
        {open ? t('portal.incident.joinedTitle') : t('portal.incident.resolvedLead', { title: incident.title })}
      </h2>
      {open && <p class="mb-2">{t('portal.incident.joinedLead', { title: incident.title })}</p>}
      <p class="mb-0 incident-message">
        <strong>{t('portal.incident.messageLabel')}:</strong> <span class="description-text">{incident.publicMessage}</span>
      </p>
      {incident.updates.length > 0 && (
        <>
          <h3 class="h6 mt-3">{t('portal.incident.updatesTitle')}</h3>
          <ul class="incident-updates mb-0">
            {incident.updates.map((u) => (
              <li>
                <span class="text-secondary">
                  <Instant at={u.at} page={page} timeZone={timeZone} />
                </span>{' '}
                <span class="description-text">{u.message}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export interface TrackingPageProps {
  page: PageContext;
  ticket: PublicTicket;
  timeZone: string;
  /** Components of the `trackingExtras` slot, in order, and their scripts. */
  extras: ComponentChildren[];
  scripts: string[];
}

export function TrackingPage({ page, ticket, timeZone, extras, scripts }: TrackingPageProps) {
  const { t } = page;
  return (
    <Layout page={page} title={t('portal.track.ticketTitle', { code: ticket.code })} scripts={scripts}>
      <div class="d-flex flex-wrap align-items-center gap-3 mb-3">
        <h1 class="h3 mb-0">{t('portal.track.ticketTitle', { code: ticket.code })}</h1>
        <StatusBadge page={page} status={ticket.status} />
      </div>
      <div class="row g-4">
        <div class="col-lg-4 order-lg-last">
          {ticket.queuePosition !== null && <QueuePosition page={page} position={ticket.queuePosition} />}
          <div class="card shadow-sm">
            <div class="card-body">
              <dl class="ticket-facts mb-0">
                <dt>{t('portal.track.status')}</dt>
                <dd>{statusName(page, ticket.status)}</dd>
                <dt>{t('portal.track.category')}</dt>
                <dd>{ticket.category}</dd>
                <dt>{t('portal.track.office')}</dt>
                <dd>{ticket.office}</dd>
                {ticket.assignee && (
                  <>
                    <dt>{t(ticket.status === 'resolved' || ticket.status === 'cancelled' ? 'portal.track.assigneeDone' : 'portal.track.assignee')}</dt>
                    <dd>{ticket.assignee.firstName}</dd>
                  </>
                )}
                <dt>{t('portal.track.createdAt')}</dt>
                <dd>
                  <Instant at={ticket.createdAt} page={page} timeZone={timeZone} />
                </dd>
                <dt>{t('portal.track.updatedAt')}</dt>
                <dd class="mb-0">
                  <Instant at={ticket.updatedAt} page={page} timeZone={timeZone} />
                </dd>
              </dl>
            </div>
          </div>
        </div>
        <div class="col-lg-8">
          {ticket.incident && <IncidentSection page={page} incident={ticket.incident} timeZone={timeZone} />}
          <section class="card shadow-sm mb-4" aria-labelledby="description-title">
            <div class="card-body">
              <h2 id="description-title" class="h5">
                {t('portal.track.description')}
              </h2>
              {/* Text, never markup: the renderer escapes it. */}
              <p class="description-text mb-0">{ticket.description}</p>
              <AttachmentList page={page} attachments={ticket.attachments} class="mt-2" />
            </div>
          </section>
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title" class="h5">
              {t('portal.track.timeline')}
            </h2>
            <ol class="timeline">
              {ticket.timeline.map((entry) => (
                <li>
                  <strong class="timeline-status">
                    {entry.incident
                      ? t(`timeline.incident.${entry.incident.change}`, { title: entry.incident.title })
                      : entry.returnedToQueue
                        ? t('portal.track.backInQueue')
                        : statusName(page, entry.status)}
                  </strong>{' '}
                  <span class="text-secondary">
                    <Instant at={entry.at} page={page} timeZone={timeZone} />
                  </span>
                  {entry.returnedToQueue && <p class="mb-0 mt-1 text-secondary small">{t('portal.track.backInQueueWhy')}</p>}
                  {entry.note && (
                    <p class="mb-0 mt-1">
                      <span class="visually-hidden">{t('portal.track.note')}: </span>
                      <span class="description-text">{entry.note}</span>
                    </p>
                  )}
                </li>
              ))}
            </ol>
          </section>
          {/* Slot `trackingExtras`: (a) satisfaction survey, (b) follow on Telegram — see extras.ts. */}
          {extras.length > 0 && <div class="tracking-extras">{extras}</div>}
        </div>
      </div>
    </Layout>
  );
}

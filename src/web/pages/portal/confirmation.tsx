/** After filing: the code, big and copyable, the way to follow it, and what happens next. */
import { trackingPath, type PublicIncident } from '../../../tickets/presenters';
import { Layout } from '../../layout';
import type { PageContext } from '../../render';

/** A ticket that joined an open major incident at filing: said first, with what staff published. */
function JoinedIncident({ page, incident }: { page: PageContext; incident: PublicIncident }) {
  const { t } = page;
  return (
    <section id="joined-incident" class="alert alert-info text-start mt-4" aria-labelledby="joined-incident-title">
      <h2 id="joined-incident-title" class="h5">
        {t('portal.incident.joinedTitle')}
      </h2>
      <p class="mb-2">{t('portal.incident.joinedLead', { title: incident.title })}</p>
      <p class="mb-0 incident-message">
        <strong>{t('portal.incident.messageLabel')}:</strong> {incident.publicMessage}
      </p>
    </section>
  );
}

export function ConfirmationPage({ page, code, incident = null }: { page: PageContext; code: string; incident?: PublicIncident | null }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('portal.confirm.title')} scripts={['portal.js']}>
      <div class="row justify-content-center">
        <div class="col-lg-8 col-xl-7">
          <div class="card shadow-sm">
            <div class="card-body text-center p-4">
              <h1 class="h3">{t('portal.confirm.title')}</h1>
              <p>{t('portal.confirm.lead')}</p>
              <p class="mb-2">
                <span class="visually-hidden">{t('portal.confirm.codeLabel')}: </span>
                <output id="ticket-code" class="ticket-code d-inline-block user-select-all">
                  {code}
                </output>
              </p>
              <div class="d-flex flex-wrap justify-content-center gap-2 mb-2">
                <button
                  id="copy-code"
                  type="button"
                  class="btn btn-outline-primary"
                  hidden
                  data-copy-target="ticket-code"
                  data-copied={t('portal.confirm.copied')}
                  data-fallback={t('portal.confirm.copyFallback')}
                >
                  {t('portal.confirm.copy')}
                </button>
                <a class="btn btn-primary" href={trackingPath(code)}>
                  {t('portal.confirm.track')}
                </a>
              </div>
              <p id="copy-status" class="small text-secondary mb-0" role="status" aria-live="polite"></p>
            </div>
          </div>
          {incident && incident.status === 'open' ? <JoinedIncident page={page} incident={incident} /> : null}
          <section class="mt-4" aria-labelledby="next-title">
            <h2 id="next-title" class="h5">
              {t('portal.confirm.nextTitle')}
            </h2>
            <ol class="next-steps">
              <li>{t('portal.confirm.next1')}</li>
              <li>{t('portal.confirm.next2')}</li>
              <li>{t('portal.confirm.next3')}</li>
            </ol>
            <a href="/">{t('portal.confirm.another')}</a>
          </section>
        </div>
      </div>
    </Layout>
  );
}

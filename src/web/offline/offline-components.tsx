/**
 * What the offline portal adds to the portal's pages (issue 20), all hidden until
 * `web/client/offline.ts` has something to show; without JavaScript none of it appears, and the
 * pages work as before. Words travel in data attributes (no inline script: CSP).
 */
import type { PageContext } from '../render';

/** Under the navigation of every portal page: "sin conexión", and the date of a saved copy. */
export function OfflineStatus({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <div class="container offline-status-area">
      <p id="offline-status" class="alert alert-warning small mt-3 mb-0" role="status" hidden>
        {t('offline.status.offline')}
      </p>
      <p id="cached-copy" class="alert alert-info small mt-3 mb-0" role="status" hidden data-template={t('offline.status.cachedCopy')} />
    </div>
  );
}

/** Above the ticket form: tickets kept on this device, pending or just sent. */
export function OutboxPanel({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <section
      id="outbox"
      class="card card-body shadow-sm mb-3 outbox"
      aria-labelledby="outbox-title"
      tabIndex={-1}
      hidden
      data-pending={t('offline.queue.pending')}
      data-pending-help={t('offline.queue.pendingHelp')}
      data-sent={t('offline.queue.sent')}
      data-open={t('offline.queue.open')}
      data-failed={t('offline.queue.failed')}
      data-edit={t('offline.queue.edit')}
      data-discard={t('offline.queue.discard')}
      data-dismiss={t('offline.queue.dismiss')}
      data-saved-at={t('offline.queue.savedAt')}
      data-files={t('offline.queue.files')}
      data-files-left-out={t('offline.queue.filesLeftOut')}
    >
      <h2 id="outbox-title" class="h5">
        {t('offline.queue.title')}
      </h2>
      <ul id="outbox-list" class="list-unstyled mb-2" />
      <p class="small text-secondary mb-0">{t('offline.queue.privacy')}</p>
    </section>
  );
}

/** The words the form's offline check needs (`offline.ts` marks the fields and lists these). */
export function OfflineFormTexts({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <div
      id="offline-form-errors"
      class="alert alert-danger"
      role="alert"
      tabIndex={-1}
      hidden
      data-dni={t('offline.form.dni')}
      data-category={t('offline.form.category')}
      data-description={t('offline.form.description')}
      data-phone={t('offline.form.phone')}
    >
      <p class="fw-semibold mb-1">{t('offline.form.invalid')}</p>
      <ul class="mb-0" />
    </div>
  );
}

/** On the tracking lookup: the tickets this device opened by full code, from the saved copies. */
export function RecentTickets({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <section id="recent-tickets" class="card card-body shadow-sm mt-4" aria-labelledby="recent-tickets-title" hidden data-saved={t('offline.recent.saved')}>
      <h2 id="recent-tickets-title" class="h5">
        {t('offline.recent.title')}
      </h2>
      <p class="small text-secondary">{t('offline.recent.intro')}</p>
      <ul id="recent-tickets-list" class="mb-2" />
      <button id="recent-tickets-forget" type="button" class="btn btn-sm btn-outline-secondary align-self-start">
        {t('offline.recent.forget')}
      </button>
    </section>
  );
}

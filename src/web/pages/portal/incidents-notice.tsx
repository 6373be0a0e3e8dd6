/**
 * Open major incidents on the portal's home page (issue 19). The banner lists every open incident;
 * "¿Es por esto?" offers the person whose DNI was found those of their office, each with a
 * "Sumarme" button — a submit of the ticket form (`joinIncident`), so it files the linked ticket in
 * one click with or without JavaScript. `web/client/incident-offer.ts` redraws the offer when the
 * DNI is found as it is typed, from the data attributes' texts.
 *
 * The service worker marks a page served from its cache (`data-shell-copy`); the stylesheet hides
 * both then, so a copy saved earlier never shows an old incident as current.
 */
import type { PortalIncident } from '../../../incidents/queries/portal-incidents';
import type { PageContext } from '../../render';
import { formatInstant } from './format';

export function IncidentBanner({ page, incidents, timeZone }: { page: PageContext; incidents: PortalIncident[]; timeZone: string }) {
  const { t } = page;
  if (incidents.length === 0) return null;
  return (
    <section id="incident-banner" class="alert alert-warning incident-banner" aria-labelledby="incident-banner-title">
      <h2 id="incident-banner-title" class="h5">
        {t('portal.incident.bannerTitle')}
      </h2>
      <ul class="list-unstyled mb-0">
        {incidents.map((i) => (
          <li class="incident-banner-item" data-incident={String(i.id)}>
            <strong>{i.title}</strong> <span class="small">({t('portal.incident.bannerSince', { time: formatInstant(i.since, page.locale, timeZone) })})</span>
            <p class="mb-1">{i.publicMessage}</p>
            <p class="small mb-0">{i.officeNames.length ? t('portal.incident.bannerOffices', { offices: i.officeNames.join(', ') }) : t('portal.incident.bannerAllOffices')}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One incident offered after the DNI lookup; the client script builds the same markup. */
function OfferedIncident({ page, incident }: { page: PageContext; incident: PortalIncident }) {
  const { t } = page;
  return (
    <div class="incident-offer-item border-top pt-2 mt-2" data-incident={String(incident.id)}>
      <p class="fw-semibold mb-1">{incident.title}</p>
      <p class="mb-2">{incident.publicMessage}</p>
      <button type="submit" name="joinIncident" value={String(incident.id)} class="btn btn-primary" formNoValidate aria-describedby="incident-offer-hint">
        {t('portal.incident.join')}
      </button>
    </div>
  );
}

/**
 * The "¿Es por esto?" box inside the ticket form, right after the person's name and office. Always
 * rendered (hidden when empty) so the client script has its texts and its place.
 */
export function IncidentOffer({ page, incidents }: { page: PageContext; incidents: PortalIncident[] }) {
  const { t } = page;
  return (
    <div id="incident-offer" class="alert alert-info incident-offer mb-3" role="region" aria-labelledby="incident-offer-title" hidden={incidents.length === 0} data-join={t('portal.incident.join')}>
      <h2 id="incident-offer-title" class="h6">
        {t('portal.incident.matchTitle')}
      </h2>
      <p id="incident-offer-hint" class="small mb-0">
        {t('portal.incident.joinHint')}
      </p>
      <div class="incident-offer-list">
        {incidents.map((i) => (
          <OfferedIncident page={page} incident={i} />
        ))}
      </div>
    </div>
  );
}

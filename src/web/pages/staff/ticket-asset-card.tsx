/**
 * The equipment a ticket is about, on the staff ticket page: código patrimonial, what it is, and
 * the machine's earlier tickets — so the technician sees at once whether it keeps failing. A
 * link to the asset's page for admins.
 */
import type { TicketAsset } from '../../../equipment/ticket-asset';
import type { StaffPageContext } from '../../staff-layout';
import { StatusBadge, formatInstant } from '../portal/format';
import { Section } from '../../card-section';

export function TicketAssetCard({ page, asset }: { page: StaffPageContext; asset: TicketAsset }) {
  const { t } = page;
  const a = asset.asset;
  const details = [a.brand, a.model].filter(Boolean).join(' ');
  return (
    <Section id="asset-title" title={t('workspace.asset.title')} class="card shadow-sm mb-4">
      <p class="mb-2">
        <span class="font-monospace fw-semibold">{a.code}</span> · {a.description}
        {details && <span class="text-secondary"> · {details}</span>}
        {a.serial && <span class="text-secondary"> · {t('workspace.asset.serial', { serial: a.serial })}</span>}
        <br />
        <span class="text-secondary">{t('workspace.asset.office', { office: a.officeName })}</span>
        {page.actor.role === 'admin' && (
          <>
            {' · '}
            <a href={`/staff/admin/assets/${a.code}`}>{t('workspace.asset.open')}</a>
          </>
        )}
      </p>
      <h3 class="h6">{t('workspace.asset.earlier', { count: asset.earlierTickets.length })}</h3>
      {asset.earlierTickets.length === 0 ? (
        <p class="mb-0 text-secondary">{t('workspace.asset.noEarlier')}</p>
      ) : (
        <ul class="list-unstyled mb-0" id="asset-earlier-tickets">
          {asset.earlierTickets.map((e) => (
            <li class="mb-1">
              <a class="font-monospace" href={`/staff/tickets/${e.code}`}>
                {e.code}
              </a>{' '}
              <StatusBadge page={page} status={e.status} /> {e.category} · <time dateTime={new Date(e.createdAt).toISOString()}>{formatInstant(e.createdAt, page.locale, page.timeZone)}</time>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

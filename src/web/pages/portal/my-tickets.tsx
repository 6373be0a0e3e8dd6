/**
 * "Mis tickets": a DNI form (posted, so the DNI stays out of addresses and history) and the list,
 * with masked codes only (`TK-7F3K••••`): a DNI is no secret, so the list never opens a ticket;
 * the full code (shown at filing, sent to the follower's Telegram) does, through "Consultar un ticket".
 */
import type { TicketStatus } from '../../../db/schema';
import { Layout } from '../../layout';
import type { PageContext } from '../../render';
import { Instant, StatusBadge } from './format';
import { DniInputGroup } from './dni-field';

export interface MyTicketRow {
  /** Masked (`TK-7F3K••••`). */
  code: string;
  category: string;
  status: TicketStatus;
  createdAt: number;
  updatedAt: number;
}

export interface MyTicketsPageProps {
  page: PageContext;
  timeZone: string;
  dni: string;
  error?: string | null;
  /** Set once a DNI was found: whose tickets these are, and the tickets (newest first). */
  result?: { displayName: string; tickets: MyTicketRow[] } | null;
}

/** Who waits for whom, for an open ticket: the requester reads whether it is their turn. */
function whoseTurn(status: TicketStatus): 'portal.mine.turn.registered' | 'portal.mine.turn.in_progress' | 'portal.mine.turn.waiting' | null {
  return status === 'registered' || status === 'in_progress' || status === 'waiting' ? `portal.mine.turn.${status}` : null;
}

export function MyTicketsPage({ page, timeZone, dni, error, result }: MyTicketsPageProps) {
  const { t } = page;
  return (
    <Layout page={page} title={t('portal.mine.title')}>
      <div class="row justify-content-center">
        <div class="col-lg-10 col-xl-9">
          <h1 class="h3">{t('portal.mine.title')}</h1>
          <p class="text-secondary">{t('portal.mine.intro')}</p>
          <form class="card card-body shadow-sm mb-4" method="post" action="/mis-tickets" noValidate>
            <DniInputGroup page={page} value={dni} error={error} describedBy={error ? 'dni-error' : undefined}>
              <button class="btn btn-primary" type="submit">
                {t('portal.mine.submit')}
              </button>
            </DniInputGroup>
          </form>
          {result && (
            <section aria-labelledby="mine-title">
              <h2 id="mine-title" class="h5">
                {t('portal.mine.for', { name: result.displayName })}
              </h2>
              {result.tickets.length === 0 ? (
                <p>
                  {t('portal.mine.empty')} <a href="/">{t('portal.mine.newTicket')}</a>
                </p>
              ) : (
                <>
                  <p class="text-secondary" id="mine-masked">
                    {t('portal.mine.masked')} <a href="/t">{t('portal.mine.openByCode')}</a>
                  </p>
                  <div class="table-responsive">
                    <table class="table table-striped align-middle bg-white mb-0 table-stack">
                      <thead>
                        <tr>
                          <th scope="col">{t('portal.mine.code')}</th>
                          <th scope="col">{t('portal.mine.category')}</th>
                          <th scope="col">{t('portal.mine.status')}</th>
                          <th scope="col">{t('portal.mine.created')}</th>
                          <th scope="col">{t('portal.mine.updated')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {result.tickets.map((ticket) => (
                          <tr>
                            <td class="font-monospace fw-semibold text-nowrap" data-label={t('portal.mine.code')}>
                              {ticket.code}
                            </td>
                            <td data-label={t('portal.mine.category')}>{ticket.category}</td>
                            <td data-label={t('portal.mine.status')}>
                              <StatusBadge page={page} status={ticket.status} />
                              {whoseTurn(ticket.status) && <div class="small text-secondary mine-turn">{t(whoseTurn(ticket.status)!)}</div>}
                            </td>
                            <td data-label={t('portal.mine.created')}>
                              <Instant at={ticket.createdAt} page={page} timeZone={timeZone} />
                            </td>
                            <td data-label={t('portal.mine.updated')}>
                              <Instant at={ticket.updatedAt} page={page} timeZone={timeZone} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
            </section>
          )}
        </div>
      </div>
    </Layout>
  );
}

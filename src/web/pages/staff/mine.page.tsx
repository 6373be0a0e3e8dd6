/**
 * `/staff/mine`: the tickets the signed-in technician is working on, oldest first — those waiting for
 * the requester too (a waiting ticket stays with its assignee), each saying whose turn it is, with
 * its priority and its resolution due time coloured as in the queue (amber from 75 %, red once due).
 */
import type { FastifyInstance } from 'fastify';
import { requireStaff } from '../../../auth/guards';
import { listTicketsInProgressOf, type TicketListItem } from '../../../tickets/ticket-lists.repository';
import { excerpt } from '../../../tickets/staff-presenters';
import { sendPage } from '../../render';
import { CsrfField, StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { TicketLink, WaitingTime } from './workspace-components';
import { listDueStates } from '../../../tickets/queries/list-due-states';
import type { SlaState } from '../../../tickets/sla-urgency';
import { ListDue, PriorityBadge } from './sla-view';

function MinePage({ page, tickets, now, states }: { page: StaffPageContext; tickets: TicketListItem[]; now: number; states: Map<number, SlaState> }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t('workspace.mine.title')}>
      <div class="d-flex flex-wrap align-items-center justify-content-between gap-3 mb-2">
        <h1 class="h3 mb-0">{t('workspace.mine.title')}</h1>
        <form method="post" action="/staff/queue/next" class="m-0">
          <CsrfField page={page} />
          <button type="submit" class="btn btn-outline-primary">
            {t('workspace.takeNext')}
          </button>
        </form>
      </div>
      <p class="text-secondary">{t('workspace.mine.intro')}</p>
      {tickets.length === 0 ? (
        <p class="alert alert-light border">
          {t('workspace.mine.empty')} <a href="/staff/queue">{t('workspace.mine.goQueue')}</a>
        </p>
      ) : (
        <div class="table-responsive">
          <table class="table table-hover align-middle bg-white">
            <caption class="visually-hidden">{t('workspace.mine.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('workspace.code')}</th>
                <th scope="col">{t('workspace.requester')}</th>
                <th scope="col" class="d-none d-sm-table-cell">
                  {t('workspace.office')}
                </th>
                <th scope="col" class="d-none d-sm-table-cell">
                  {t('workspace.category')}
                </th>
                <th scope="col" class="d-none d-md-table-cell">
                  {t('workspace.description')}
                </th>
                <th scope="col">{t('workspace.age')}</th>
                <th scope="col">{t('priority.label')}</th>
                <th scope="col" class="d-none d-sm-table-cell">
                  {t('sla.column')}
                </th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => (
                <tr>
                  <td>
                    <TicketLink code={ticket.code} />
                  </td>
                  <td>
                    {ticket.requesterName}
                    <div class={ticket.status === 'waiting' ? 'small text-secondary mine-turn' : 'small fw-semibold mine-turn'}>
                      {t(ticket.status === 'waiting' ? 'workspace.mine.turn.waiting' : 'workspace.mine.turn.in_progress')}
                    </div>
                  </td>
                  <td class="d-none d-sm-table-cell">{ticket.office}</td>
                  <td class="d-none d-sm-table-cell">{ticket.category}</td>
                  <td class="d-none d-md-table-cell description-cell">
                    <div class="clamp-2">{excerpt(ticket.description)}</div>
                  </td>
                  <td class="text-nowrap">
                    <WaitingTime since={ticket.queuedAt} now={now} />
                  </td>
                  <td>
                    <PriorityBadge page={page} priority={ticket.priority} />
                  </td>
                  <td class="d-none d-sm-table-cell list-cell">
                    <ListDue page={page} ticket={ticket} now={now} state={states.get(ticket.id) ?? 'none'} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffLayout>
  );
}

export async function minePage(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  app.get('/staff/mine', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const tickets = await listTicketsInProgressOf(ctx.database.db, page.actor.userId, 200);
    const now = ctx.clock();
    const states = await listDueStates(ctx.database.db, tickets, now);
    return sendPage(reply, <MinePage page={page} tickets={tickets} now={now} states={states} />);
  });
}

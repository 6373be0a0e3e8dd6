/**
 * `/staff/mine`: the tickets the signed-in technician is working on, oldest first — those waiting for
 * the requester too (a waiting ticket stays with its assignee), each saying whose turn it is, with
 * its priority and its resolution due time coloured as in the queue (amber from 75 %, red once due).
 */
import type { FastifyInstance } from 'fastify';
import { requireStaff } from '../../../auth/guards';
import { listTicketsInProgressOf, type TicketListItem } from '../../../tickets/ticket-lists.repository';
import { sendPage } from '../../render';
import { PostButton } from '../../post-button';
import { StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { DescriptionCell, PageHeading, TicketLink, WaitingTime } from './workspace-components';
import { listDueStates } from '../../../tickets/queries/list-due-states';
import type { SlaState } from '../../../tickets/sla-urgency';
import { ListDue, PriorityBadge } from './sla-view';
import { DataTable, wideColumn } from '../../staff-table';

function MinePage({ page, tickets, now, states }: { page: StaffPageContext; tickets: TicketListItem[]; now: number; states: Map<number, SlaState> }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t('workspace.mine.title')}>
      <PageHeading title={t('workspace.mine.title')}>
        <PostButton page={page} action="/staff/queue/next" formClass="m-0" class="btn btn-outline-primary" label={t('workspace.takeNext')} />
      </PageHeading>
      <p class="text-secondary">{t('workspace.mine.intro')}</p>
      {tickets.length === 0 ? (
        <p class="alert alert-light border">
          {t('workspace.mine.empty')} <a href="/staff/queue">{t('workspace.mine.goQueue')}</a>
        </p>
      ) : (
        <DataTable
          class="table table-hover align-middle bg-white"
          label={t('workspace.mine.caption')}
          columns={[
            t('workspace.code'),
            t('workspace.requester'),
            wideColumn(t('workspace.office'), 'sm'),
            wideColumn(t('workspace.category'), 'sm'),
            wideColumn(t('workspace.description'), 'md'),
            t('workspace.age'),
            t('priority.label'),
            wideColumn(t('sla.column'), 'sm'),
          ]}
        >
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
              <DescriptionCell description={ticket.description} from="md" />
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
        </DataTable>
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

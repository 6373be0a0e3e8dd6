/**
 * `/staff/queue`: waiting tickets by priority lane (critical first), oldest first in each, with
 * their priority and first-response "vence en …" (red when breached, amber from 75 %), "Tomar siguiente", take a given ticket, and (for
 * admins) the strict-FIFO setting. Works without JavaScript; with it, `queue.js` keeps the list
 * current from the live event stream.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { requireAdmin, requireStaff } from '../../../auth/guards';
import { channelOf } from '../../../auth/actor';
import { readSetting } from '../../../settings/settings';
import { takeNextTicket } from '../../../tickets/commands/take-next-ticket';
import { setStrictFifo } from '../../../tickets/commands/set-strict-fifo';
import { listQueue, type QueuePage } from '../../../tickets/queries/list-queue';
import { countWaitingTickets } from '../../../tickets/ticket-lists.repository';
import { sendPage } from '../../render';
import { CsrfField, StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { formCheckbox } from '../../staff-forms';
import { DescriptionCell, Notice, PageHeading, TicketLink, WaitingTime } from './workspace-components';
import { PriorityBadge, QueueDue } from './sla-view';
import { loadNoticePanel, NoticePanel } from '../notifications/notice-panel';
import type { WebNotice } from '../../../notifications/notifications.repository';
import { loadSuggestions, SuggestionBox, type NamedSuggestion } from './incidents.pages';
import { Section } from '../../card-section';
import { PostButton } from '../../post-button';
import { HeadRow, wideColumn } from '../../staff-table';

export const QUEUE_PAGE_SIZE = 50;

const QueuePageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});

interface QueueView {
  queue: QueuePage;
  count: number;
  strictFifo: boolean;
  /** The first page is the live one; later pages are plain lists. */
  firstPage: boolean;
  now: number;
  /** This technician's in-app notices (how new tickets reach someone without Telegram). */
  notices: WebNotice[];
  /** Suggested major incidents (issue 19), shown above the queue with "Declarar". */
  suggestions: NamedSuggestion[];
}

function countText(page: StaffPageContext, count: number): string {
  if (count === 0) return page.t('workspace.queue.count.zero');
  if (count === 1) return page.t('workspace.queue.count.one');
  return page.t('workspace.queue.count.many', { count });
}

function QueueTable({ page, view }: { page: StaffPageContext; view: QueueView }) {
  const { t } = page;
  const firstPosition = 1;
  return (
    <div class="table-responsive">
      <table
        class="table table-hover align-middle bg-white queue-table"
        id="queue-table"
        data-live={view.firstPage ? '1' : '0'}
        data-limit={QUEUE_PAGE_SIZE}
        data-strict={view.strictFifo ? '1' : '0'}
        data-take={t('workspace.take')}
        data-take-label={t('workspace.takeLabel', { code: '{code}' })}
        data-count-zero={t('workspace.queue.count.zero')}
        data-count-one={t('workspace.queue.count.one')}
        data-count-many={t('workspace.queue.count.many', { count: '{count}' })}
        data-updated={t('workspace.queue.updated')}
        data-due-in={t('sla.dueIn', { time: '{time}' })}
        data-overdue={t('sla.overdue', { time: '{time}' })}
        data-no-due={t('sla.none')}
        data-resolution={t('sla.resolution')}
        data-priority-critical={t('priority.critical')}
        data-priority-high={t('priority.high')}
        data-priority-normal={t('priority.normal')}
        data-priority-low={t('priority.low')}
        hidden={view.queue.items.length === 0}
      >
        <caption class="visually-hidden">{t('workspace.queue.caption')}</caption>
        <HeadRow
          columns={[
            wideColumn(t('workspace.queue.position'), 'sm'),
            t('workspace.code'),
            wideColumn(t('workspace.category'), 'sm'),
            wideColumn(t('workspace.office'), 'sm'),
            wideColumn(t('priority.label'), 'sm'),
            wideColumn(t('workspace.description'), 'md'),
            wideColumn(t('sla.column'), 'sm'),
            t('workspace.waiting'),
            t('workspace.actions'),
          ]}
        />
        <tbody id="queue-body">
          {view.queue.items.map((ticket, i) => {
            const canTake = !view.strictFifo || (view.firstPage && i === 0);
            return (
              <tr data-code={ticket.code}>
                <td class="d-none d-sm-table-cell">{view.firstPage ? firstPosition + i : ''}</td>
                <td>
                  <TicketLink code={ticket.code} />
                  <div class="d-sm-none small">{`${ticket.category} · ${ticket.office}`}</div>
                  <div class="d-sm-none small mt-1 d-flex flex-wrap gap-2 align-items-center">
                    <PriorityBadge page={page} priority={ticket.priority} />
                    <QueueDue page={page} ticket={ticket} now={view.now} />
                  </div>
                </td>
                <td class="d-none d-sm-table-cell">{ticket.category}</td>
                <td class="d-none d-sm-table-cell">{ticket.office}</td>
                <td class="d-none d-sm-table-cell">
                  <PriorityBadge page={page} priority={ticket.priority} />
                </td>
                <DescriptionCell description={ticket.description} from="md" />
                <td class="d-none d-sm-table-cell">
                  <QueueDue page={page} ticket={ticket} now={view.now} />
                </td>
                <td class="text-nowrap">
                  <WaitingTime since={ticket.queuedAt} now={view.now} />
                </td>
                <td>
                  {canTake && (
                    <PostButton
                      page={page}
                      action={`/staff/tickets/${ticket.code}/assign`}
                      formClass="m-0"
                      fields={{ from: 'queue' }}
                      ariaLabel={t('workspace.takeLabel', { code: ticket.code })}
                      label={t('workspace.take')}
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function SettingsSection({ page, strictFifo }: { page: StaffPageContext; strictFifo: boolean }) {
  const { t } = page;
  return (
    <Section id="queue-settings-title" title={t('workspace.settings.title')} class="card mt-4">
      <form method="post" action="/staff/admin/queue-settings" class="d-flex flex-wrap align-items-center gap-3">
        <CsrfField page={page} />
        <div class="form-check form-switch m-0">
          <input class="form-check-input" type="checkbox" role="switch" id="strictFifo" name="strictFifo" value="1" checked={strictFifo} aria-describedby="strictFifo-help" />
          <label class="form-check-label" for="strictFifo">
            {t('workspace.settings.strictFifo')}
          </label>
        </div>
        <button type="submit" class="btn btn-sm btn-primary">
          {t('forms.save')}
        </button>
        <div class="form-text w-100 m-0" id="strictFifo-help">
          {t('workspace.settings.strictFifoHelp')}
        </div>
      </form>
    </Section>
  );
}

export function QueuePageView({ page, view, done, error }: { page: StaffPageContext; view: QueueView; done?: string; error?: string | null }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t('workspace.queue.title')} scripts={['queue.js']}>
      <PageHeading title={t('workspace.queue.title')}>
        <PostButton page={page} action="/staff/queue/next" formClass="m-0" class="btn btn-primary btn-lg" id="take-next" label={t('workspace.takeNext')} />
      </PageHeading>
      <p class="text-secondary mb-2">{t('workspace.queue.intro')}</p>
      <p class="mb-3">
        <strong id="queue-count">{countText(page, view.count)}</strong> {view.strictFifo && <span class="badge text-bg-warning ms-1">{t('workspace.strictFifoOn')}</span>}
      </p>
      <Notice page={page} done={done} error={error} />
      <SuggestionBox page={page} suggestions={view.suggestions} />
      <div id="queue-live" class="visually-hidden" aria-live="polite"></div>
      <p id="queue-empty" class="alert alert-light border" hidden={view.queue.items.length > 0}>
        {t('workspace.queue.empty')}
      </p>
      <QueueTable page={page} view={view} />
      {view.queue.nextCursor && (
        <nav aria-label={t('workspace.list.pagination')}>
          <a class="btn btn-outline-primary" href={`/staff/queue?cursor=${encodeURIComponent(view.queue.nextCursor)}`}>
            {t('workspace.queue.more')}
          </a>
        </nav>
      )}
      {view.notices.length > 0 && (
        <div class="mt-4">
          <NoticePanel page={page} notices={view.notices} />
        </div>
      )}
      {page.actor.role === 'admin' && <SettingsSection page={page} strictFifo={view.strictFifo} />}
    </StaffLayout>
  );
}

export async function loadQueueView(request: FastifyRequest, cursor?: string): Promise<QueueView> {
  const { ctx } = request.server;
  const db = ctx.database.db;
  const now = ctx.clock();
  const [queue, count, strictFifo, notices, suggestions] = await Promise.all([
    listQueue(db, { cursor, limit: QUEUE_PAGE_SIZE, now }),
    countWaitingTickets(db),
    readSetting(db, 'queue.strictFifo'),
    request.actor ? loadNoticePanel(ctx.database, request.actor.userId) : Promise.resolve([]),
    cursor ? Promise.resolve([]) : loadSuggestions(request),
  ]);
  return { queue, count, strictFifo, firstPage: !cursor, now, notices, suggestions };
}

/** The queue page with an error (a refused "take"), answered with the refusal's status. */
export async function renderQueueWithError(request: FastifyRequest, reply: FastifyReply, error: string, status: number) {
  const page = staffPageContext(request);
  return sendPage(reply, <QueuePageView page={page} view={await loadQueueView(request)} error={error} />, status);
}

export async function queuePage(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = { database: ctx.database, clock: ctx.clock, events: ctx.events };

  app.get<{ Querystring: Static<typeof QueuePageQuery> }>('/staff/queue', { preHandler: requireStaff, schema: { hide: true, querystring: QueuePageQuery } }, async (request, reply) => {
    const page = staffPageContext(request);
    const view = await loadQueueView(request, request.query.cursor);
    return sendPage(reply, <QueuePageView page={page} view={view} done={request.query.done} />);
  });

  app.post('/staff/queue/next', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const taken = await takeNextTicket(deps, { userId: page.actor.userId, channel: channelOf(page.actor) });
    if (!taken) return reply.redirect('/staff/queue?done=empty', 303);
    return reply.redirect(`/staff/tickets/${taken.code}?done=taken`, 303);
  });

  app.post('/staff/admin/queue-settings', { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    await setStrictFifo(deps, { strictFifo: formCheckbox(request.body, 'strictFifo'), actorUserId: page.actor.userId, actorRole: page.actor.role });
    return reply.redirect('/staff/queue?done=settings', 303);
  });
}

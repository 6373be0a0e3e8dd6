/**
 * `/staff/tickets`: every ticket, filtered by status, dates, office, category and text, newest
 * first, with a "Siguiente" link (keyset cursor). A GET form: filters live in the URL.
 */
import { recordDniSearch } from '../../../privacy/record-read';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { requireStaff } from '../../../auth/guards';
import { searchTickets, STATUSES, type TicketSearchPage } from '../../../tickets/queries/search-tickets';
import { listFilterChoices } from '../../../tickets/ticket-lists.repository';
import { sendPage } from '../../render';
import { DateField, DateFormatHint, dateFromField, withDateFieldErrors } from '../../date-field';
import { attempt } from '../../staff-forms';
import { FormErrors, StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { StatusBadge, formatInstant, statusName } from '../portal/format';
import { DescriptionCell, TicketLink } from './workspace-components';
import { PRIORITIES } from '../../../tickets/priority';
import { listDueStates } from '../../../tickets/queries/list-due-states';
import type { SlaState } from '../../../tickets/sla-urgency';
import { ListDue, PriorityBadge } from './sla-view';
import { DataTable, wideColumn } from '../../staff-table';

const PAGE_SIZE = 50;

const ListQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 60 })),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  office: Type.Optional(Type.String({ maxLength: 12 })),
  category: Type.Optional(Type.String({ maxLength: 12 })),
  priority: Type.Optional(Type.String({ maxLength: 40 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
type ListQuery = Static<typeof ListQuery>;

interface Choices {
  offices: { id: number; name: string }[];
  categories: { id: number; name: string }[];
}

/** The same filters with another cursor (or none), for the pagination links. */
function pageUrl(query: ListQuery, cursor: string | null): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'from', 'to', 'office', 'category', 'priority', 'q'] as const) {
    const v = query[key];
    if (v) params.set(key, v);
  }
  if (cursor) params.set('cursor', cursor);
  const qs = params.toString();
  return qs ? `/staff/tickets?${qs}` : '/staff/tickets';
}

/** A filter of the list: "any" first, then the choices; the one in the URL selected. */
function FilterSelect(props: {
  id: keyof ListQuery;
  class: string;
  label: string;
  any: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  errors?: Record<string, string>;
}) {
  return (
    <div class={props.class}>
      <label class="form-label" for={props.id}>
        {props.label}
      </label>
      <select class={`form-select ${props.errors?.[props.id] ? 'is-invalid' : ''}`} id={props.id} name={props.id}>
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={props.value === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ page, query, choices, errors }: { page: StaffPageContext; query: ListQuery; choices: Choices; errors?: Record<string, string> }) {
  const { t } = page;
  const invalid = (field: string) => (errors?.[field] ? 'is-invalid' : '');
  const selects: { id: keyof ListQuery; class: string; label: string; any: string; options: { value: string; label: string }[] }[] = [
    { id: 'status', class: 'col-6 col-md-3 col-lg-3', label: t('workspace.status'), any: t('workspace.list.anyStatus'), options: STATUSES.map((s) => ({ value: s, label: statusName(page, s) })) },
    { id: 'office', class: 'col-6 col-md-3 col-lg-3', label: t('workspace.office'), any: t('workspace.list.anyOffice'), options: choices.offices.map((o) => ({ value: String(o.id), label: o.name })) },
    {
      id: 'category',
      class: 'col-6 col-md-4 col-lg-3',
      label: t('workspace.category'),
      any: t('workspace.list.anyCategory'),
      options: choices.categories.map((c) => ({ value: String(c.id), label: c.name })),
    },
    { id: 'priority', class: 'col-6 col-md-4 col-lg-2', label: t('priority.label'), any: t('priority.any'), options: PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) })) },
  ];
  return (
    <form method="get" action="/staff/tickets" class="card card-body shadow-sm mb-4" role="search" aria-label={t('workspace.list.filters')}>
      <FormErrors page={page} errors={errors} />
      <div class="row g-3">
        <div class="col-12 col-md-6 col-lg-3">
          <label class="form-label" for="q">
            {t('workspace.list.q')}
          </label>
          <input class={`form-control ${invalid('q')}`} id="q" name="q" type="search" value={query.q ?? ''} maxLength={200} aria-describedby="q-help" />
          <div class="form-text" id="q-help">
            {t('workspace.list.qHelp')}
          </div>
        </div>
        {selects.map((f) => (
          <FilterSelect {...f} value={query[f.id]} errors={errors} />
        ))}
        {(['from', 'to'] as const).map((id) => (
          <div class="col-6 col-md-4 col-lg-2">
            <label class="form-label" for={id}>
              {t(id === 'from' ? 'workspace.list.from' : 'workspace.list.to')}
              <DateFormatHint page={page} id={id} />
            </label>
            <DateField page={page} id={id} value={query[id]} invalid={Boolean(errors?.[id])} />
          </div>
        ))}
        <div class="col-12 col-lg-auto d-flex align-items-end gap-2">
          <button type="submit" class="btn btn-primary">
            {t('workspace.list.search')}
          </button>
          <a class="btn btn-outline-secondary" href="/staff/tickets">
            {t('workspace.list.clear')}
          </a>
        </div>
      </div>
    </form>
  );
}

function Results({ page, result, query, now, states }: { page: StaffPageContext; result: TicketSearchPage; query: ListQuery; now: number; states: Map<number, SlaState> }) {
  const { t } = page;
  if (!result.items.length) return <p class="alert alert-light border">{t('workspace.list.empty')}</p>;
  return (
    <>
      <DataTable
        class="table table-hover align-middle bg-white"
        id="tickets-table"
        label={t('workspace.list.caption')}
        columns={[
          t('workspace.code'),
          t('workspace.status'),
          wideColumn(t('workspace.createdAt'), 'sm'),
          t('workspace.list.requesterOffice'),
          wideColumn(t('workspace.category'), 'md'),
          wideColumn(t('workspace.description'), 'lg'),
          wideColumn(t('workspace.assignee'), 'sm', 'text-nowrap'),
          t('workspace.list.priorityDue'),
        ]}
      >
        {result.items.map((ticket) => (
          <tr>
            <td>
              <TicketLink code={ticket.code} />
            </td>
            <td>
              <StatusBadge page={page} status={ticket.status} />
            </td>
            <td class="d-none d-sm-table-cell date-cell">
              <time dateTime={new Date(ticket.createdAt).toISOString()}>{formatInstant(ticket.createdAt, page.locale, page.timeZone)}</time>
            </td>
            <td class="list-cell">
              <div class="clamp-2">{ticket.requesterName}</div>
              <div class="clamp-2 small text-secondary">{ticket.office}</div>
            </td>
            <td class="d-none d-md-table-cell list-cell">
              <div class="clamp-2">{ticket.category}</div>
            </td>
            <DescriptionCell description={ticket.description} from="lg" />
            <td class="d-none d-sm-table-cell list-cell">{ticket.assigneeName ?? '—'}</td>
            <td class="list-cell">
              <PriorityBadge page={page} priority={ticket.priority} />
              <div class="small d-none d-sm-block mt-1">
                <ListDue page={page} ticket={ticket} now={now} state={states.get(ticket.id) ?? 'none'} />
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
      <nav aria-label={t('workspace.list.pagination')} class="d-flex gap-2">
        {query.cursor && (
          <a class="btn btn-outline-secondary" href={pageUrl(query, null)}>
            {t('workspace.firstPage')}
          </a>
        )}
        {result.nextCursor && (
          <a class="btn btn-outline-primary" rel="next" href={pageUrl(query, result.nextCursor)}>
            {t('workspace.next')} →
          </a>
        )}
      </nav>
    </>
  );
}

export async function ticketsPage(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  app.get<{ Querystring: ListQuery }>('/staff/tickets', { preHandler: requireStaff, schema: { hide: true, querystring: ListQuery } }, async (request, reply) => {
    const page = staffPageContext(request);
    const query = request.query;
    const choices = await listFilterChoices(ctx.database.db);
    const found = await attempt(page.locale, () =>
      searchTickets(ctx.database, { ...query, from: dateFromField(query.from), to: dateFromField(query.to), limit: PAGE_SIZE }, { timeZone: ctx.config.timeZone, actorUserId: page.actor.userId }),
    );
    if (found.ok) await recordDniSearch(ctx.database.db, ctx.clock(), page.actor.userId, query.q);
    const result: TicketSearchPage = found.ok ? found.value : { items: [], nextCursor: null };
    const errors = found.ok ? undefined : withDateFieldErrors(page, found.errors, ['from', 'to']);
    const status = found.ok ? 200 : found.status;
    const now = ctx.clock();
    const states = await listDueStates(ctx.database.db, result.items, now);
    return sendPage(
      reply,
      <StaffLayout page={page} title={page.t('workspace.list.title')}>
        <h1 class="h3">{page.t('workspace.list.title')}</h1>
        <Filters page={page} query={query} choices={choices} errors={errors} />
        {!errors && <Results page={page} result={result} query={query} now={now} states={states} />}
      </StaffLayout>,
      status,
    );
  });
}

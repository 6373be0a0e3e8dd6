/**
 * Staff pages of major incidents (issue 19), all working without JavaScript:
 * - `/staff/incidents`: the incidents, newest first, and "Declarar incidente";
 * - `/staff/incidents/new?category=`: the declare form, prefilled from the category's live
 *   suggestion (title, public message, category, offices, the tickets) — the queue's "Declarar";
 * - `/staff/incidents/{id}`: the incident, its children (each with "Desvincular"), linking more
 *   tickets, and resolving with a note. A refusal (409/422) re-renders the page with the message
 *   and what was typed.
 * The queue page's "Posible incidente" box is `SuggestionBox` below.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { requireStaff } from '../../../auth/guards';
import { channelOf } from '../../../auth/actor';
import { AppError } from '../../../core/errors';
import { listAllCategories } from '../../../categories/categories.repository';
import { listOffices } from '../../../directory/offices.repository';
import { declareIncident, INCIDENT_MESSAGE_MAX, INCIDENT_TITLE_MAX, linkTickets, postIncidentUpdate, resolveIncident, unlinkTicket } from '../../../incidents/commands/incidents';
import { currentSuggestions, type Suggestion } from '../../../incidents/commands/suggestions';
import { findIncident, listIncidents, type IncidentRow } from '../../../incidents/incidents.repository';
import { listChildren, listIncidentUpdates, type ChildTicket, type PostedIncidentUpdate } from '../../../incidents/incident-views.repository';
import { formatTimeOfDay } from '../../../notifications/messages';
import { sendPage } from '../../render';
import { CsrfField, FormErrors, formatDateTime, StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { attempt, formField } from '../../staff-forms';
import { NoteField, PageHeading, TicketLink } from './workspace-components';
import { Section } from '../../card-section';
import { PostButton } from '../../post-button';
import { DataTable, wideColumn } from '../../staff-table';
import { TextAreaField } from '../admin/admin-components';

/** A suggestion as the queue box and the declare form show it: with names. */
export interface NamedSuggestion extends Suggestion {
  category: string;
  offices: string[];
}

type Names = { categories: Map<number, string>; offices: Map<number, string> };

async function loadNames(request: FastifyRequest): Promise<Names> {
  const db = request.server.ctx.database.db;
  const [categories, offices] = await Promise.all([listAllCategories(db), listOffices(db)]);
  return { categories: new Map(categories.map((c) => [c.id, c.name])), offices: new Map(offices.map((o) => [o.id, o.name])) };
}

/** The live suggestions, named (for the queue page). */
export async function loadSuggestions(request: FastifyRequest): Promise<NamedSuggestion[]> {
  const { ctx } = request.server;
  const suggestions = await currentSuggestions({ database: ctx.database, clock: ctx.clock, settings: ctx.config.incidentDetection });
  if (!suggestions.length) return [];
  const names = await loadNames(request);
  return suggestions.map((s) => ({ ...s, category: names.categories.get(s.categoryId) ?? '—', offices: s.officeIds.map((id) => names.offices.get(id) ?? '—') }));
}

function officeText(page: StaffPageContext, offices: readonly string[]): string {
  const [first, second] = offices;
  if (first === undefined) return page.t('inc.allOffices');
  if (second === undefined) return first;
  if (offices.length === 2) return page.t('suggestion.offices.two', { first, second });
  return page.t('suggestion.offices.more', { first, count: offices.length - 1 });
}

/** "Posible incidente: 4 tickets de Internet y red en Sede Central desde las 9:40 — Declarar", one per suggestion. */
export function SuggestionBox({ page, suggestions }: { page: StaffPageContext; suggestions: NamedSuggestion[] }) {
  if (!suggestions.length) return null;
  const { t } = page;
  return (
    <section class="alert alert-warning incident-suggestions" aria-labelledby="suggestions-title">
      <h2 class="h6 fw-bold" id="suggestions-title">
        {t('inc.suggestions.title')}
      </h2>
      <ul class="list-unstyled mb-0">
        {suggestions.map((s) => (
          <li class="d-flex flex-wrap align-items-center gap-2 mb-1 incident-suggestion" data-category={s.categoryId}>
            <span>{t('inc.suggestion', { count: s.ticketCodes.length, category: s.category, offices: officeText(page, s.offices), time: formatTimeOfDay(s.since, page.timeZone) })}</span>
            <span aria-hidden="true">—</span>
            <a class="btn btn-sm btn-warning" href={`/staff/incidents/new?category=${s.categoryId}`} aria-label={t('inc.suggestion.declareLabel', { category: s.category })}>
              {t('inc.suggestion.declare')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

// ── the declare form ─────────────────────────────────────────────────────────────────────────

interface DeclareValues {
  title: string;
  publicMessage: string;
  categoryId: string;
  officeIds: string[];
  ticketCodes: string;
}

const splitCodes = (raw: string): string[] =>
  raw
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter(Boolean)
    .slice(0, 500);

/** Every value of a repeated form field (checkboxes). */
function formList(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const v = (body as Record<string, unknown>)[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string').slice(0, 200);
}

async function DeclareForm({ page, request, values, errors }: { page: StaffPageContext; request: FastifyRequest; values: DeclareValues; errors?: Record<string, string> }) {
  const { t } = page;
  const db = request.server.ctx.database.db;
  const [categories, offices] = await Promise.all([listAllCategories(db), listOffices(db)]);
  const field = (name: string) => errors?.[name];
  const cls = (base: string, name: string) => (field(name) ? `${base} is-invalid` : base);
  const described = (name: string) => [`${name}-help`, field(name) ? `${name}-error` : ''].filter(Boolean).join(' ');
  const Err = ({ name }: { name: string }) =>
    field(name) ? (
      <div class="invalid-feedback d-block" id={`${name}-error`}>
        {field(name)}
      </div>
    ) : null;
  return (
    <StaffLayout page={page} title={t('inc.new.title')}>
      <h1 class="h3 mb-2">{t('inc.new.title')}</h1>
      <p class="text-secondary">{t('inc.new.intro')}</p>
      <FormErrors
        page={page}
        errors={errors}
        labels={{ title: t('inc.field.title'), publicMessage: t('inc.field.publicMessage'), categoryId: t('inc.field.category'), ticketCodes: t('inc.field.tickets') }}
      />
      <form method="post" action="/staff/incidents" class="card card-body row g-3 mx-0" id="declare-form">
        <CsrfField page={page} />
        <div class="col-12">
          <label class="form-label" for="title">
            {t('inc.field.title')}
          </label>
          <input
            class={cls('form-control', 'title')}
            id="title"
            name="title"
            value={values.title}
            required
            maxLength={INCIDENT_TITLE_MAX}
            aria-describedby={described('title')}
            aria-invalid={field('title') ? 'true' : undefined}
          />
          <div class="form-text" id="title-help">
            {t('inc.field.titleHelp')}
          </div>
          <Err name="title" />
        </div>
        <div class="col-12">
          <NoteField
            id="publicMessage"
            label={t('inc.field.publicMessage')}
            value={values.publicMessage}
            maxLength={INCIDENT_MESSAGE_MAX}
            help={t('inc.field.publicMessageHelp')}
            error={field('publicMessage')}
          />
        </div>
        <div class="col-12 col-md-6">
          <label class="form-label" for="categoryId">
            {t('inc.field.category')}
          </label>
          <select class={cls('form-select', 'categoryId')} id="categoryId" name="categoryId">
            <option value="" selected={values.categoryId === ''}>
              {t('inc.noCategory')}
            </option>
            {categories.map((c) => (
              <option value={String(c.id)} selected={values.categoryId === String(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
          <Err name="categoryId" />
        </div>
        <fieldset class="col-12 col-md-6">
          <legend class="form-label fs-6">{t('inc.field.offices')}</legend>
          <div class="incident-offices border rounded p-2">
            {offices
              .filter((o) => o.active || values.officeIds.includes(String(o.id)))
              .map((o) => (
                <div class="form-check">
                  <input class="form-check-input" type="checkbox" id={`office-${o.id}`} name="officeIds" value={String(o.id)} checked={values.officeIds.includes(String(o.id))} />
                  <label class="form-check-label" for={`office-${o.id}`}>
                    {o.name}
                  </label>
                </div>
              ))}
          </div>
          <div class="form-text">{t('inc.field.officesHelp')}</div>
          <Err name="officeIds" />
        </fieldset>
        <div class="col-12">
          <TextAreaField id="ticketCodes" label={t('inc.field.tickets')} value={values.ticketCodes} rows={4} help={t('inc.field.ticketsHelp')} error={field('ticketCodes')} class="font-monospace" />
        </div>
        <div class="col-12">
          <button type="submit" class="btn btn-primary">
            {t('inc.new.submit')}
          </button>{' '}
          <a class="btn btn-link" href="/staff/incidents">
            {t('inc.detail.back')}
          </a>
        </div>
      </form>
    </StaffLayout>
  );
}

/** A refusal about one ticket (unknown, linked elsewhere, closed) belongs to the tickets field. */
function declareErrors(errors: Record<string, string>, err: AppError): Record<string, string> {
  if (err.code.startsWith('INCIDENT_TICKET_') && errors._) return { ticketCodes: errors._ };
  if (errors.ticketCodes === undefined && errors.codes) return { ...errors, ticketCodes: errors.codes };
  return errors;
}

// ── the list and the detail page ─────────────────────────────────────────────────────────────

function StatusBadge({ page, status }: { page: StaffPageContext; status: IncidentRow['status'] }) {
  return <span class={status === 'open' ? 'badge text-bg-danger' : 'badge text-bg-success'}>{page.t(status === 'open' ? 'inc.status.open' : 'inc.status.resolved')}</span>;
}

const DONE = { declared: 'inc.done.declared', linked: 'inc.done.linked', unlinked: 'inc.done.unlinked', resolved: 'inc.done.resolved', updated: 'inc.done.updated' } as const;

function DoneNotice({ page, done, error }: { page: StaffPageContext; done?: string; error?: string }) {
  if (error)
    return (
      <div class="alert alert-danger" role="alert">
        {error}
      </div>
    );
  const key = done && done in DONE ? DONE[done as keyof typeof DONE] : undefined;
  return key ? (
    <div class="alert alert-success" role="status">
      {page.t(key)}
    </div>
  ) : null;
}

export interface DetailForms {
  /** What was typed in the link and resolve forms, kept on a refusal. */
  codes?: string;
  note?: string;
  message?: string;
  linkError?: string;
  updateError?: string;
  resolveError?: string;
  error?: string;
}

/** Extra sections other areas add to the detail page (19b's public updates). */
export type DetailSection = (props: { page: StaffPageContext; incident: IncidentRow }) => unknown;
const detailSections: DetailSection[] = [];
export const registerIncidentDetailSection = (s: DetailSection): void => {
  if (!detailSections.includes(s)) detailSections.push(s);
};

function Detail({
  page,
  incident,
  children,
  updates,
  names,
  forms,
  done,
}: {
  page: StaffPageContext;
  incident: IncidentRow;
  children: ChildTicket[];
  updates: PostedIncidentUpdate[];
  names: Names;
  forms: DetailForms;
  done?: string;
}) {
  const { t } = page;
  const open = incident.status === 'open';
  const offices = incident.officeIds.map((id) => names.offices.get(id) ?? '—');
  return (
    <StaffLayout page={page} title={incident.title}>
      <p class="mb-2">
        <a href="/staff/incidents">{t('inc.detail.back')}</a>
      </p>
      <div class="d-flex flex-wrap align-items-center gap-2 mb-2">
        <h1 class="h3 mb-0">{incident.title}</h1>
        <StatusBadge page={page} status={incident.status} />
      </div>
      <DoneNotice page={page} done={done} error={forms.error} />
      <dl class="row mb-3">
        <dt class="col-sm-3">{t('inc.col.since')}</dt>
        <dd class="col-sm-9">{formatDateTime(page, incident.since)}</dd>
        <dt class="col-sm-3">{t('inc.col.category')}</dt>
        <dd class="col-sm-9">{incident.categoryId === null ? t('inc.noCategory') : (names.categories.get(incident.categoryId) ?? '—')}</dd>
        <dt class="col-sm-3">{t('inc.col.offices')}</dt>
        <dd class="col-sm-9">{offices.length ? offices.join(', ') : t('inc.allOffices')}</dd>
        <dt class="col-sm-3">{t('inc.detail.publicMessage')}</dt>
        <dd class="col-sm-9 incident-public-message">{incident.publicMessage}</dd>
        {incident.resolvedAt !== null && (
          <>
            <dt class="col-sm-3">{t('inc.status.resolved')}</dt>
            <dd class="col-sm-9">
              {t('inc.detail.resolvedAt', { date: formatDateTime(page, incident.resolvedAt) })}
              {incident.resolutionNote ? ` — ${incident.resolutionNote}` : ''}
            </dd>
          </>
        )}
      </dl>

      <Section id="children-title" title={`${t('inc.detail.children')} (${incident.ticketCount})`}>
        {children.length === 0 ? (
          <p class="mb-0">{t('inc.detail.noChildren')}</p>
        ) : (
          <DataTable
            class="table align-middle mb-0 incident-children"
            label={t('inc.detail.childrenCaption')}
            columns={[t('workspace.code'), wideColumn(t('inc.ticketOffice'), 'sm'), t('inc.ticketStatus'), wideColumn(t('inc.ticketFiled'), 'md'), ...(open ? [t('workspace.actions')] : [])]}
          >
            {children.map((c) => (
              <tr data-code={c.code}>
                <td>
                  <TicketLink code={c.code} />
                  <div class="d-sm-none small">{c.office}</div>
                </td>
                <td class="d-none d-sm-table-cell">{c.office}</td>
                <td>{t(c.status === 'waiting' ? 'tg.status.waiting' : `portal.status.${c.status}`)}</td>
                <td class="d-none d-md-table-cell">{formatDateTime(page, c.createdAt)}</td>
                {open && (
                  <td>
                    <PostButton
                      page={page}
                      action={`/staff/incidents/${incident.id}/unlink`}
                      formClass="m-0"
                      fields={{ code: c.code }}
                      class="btn btn-sm btn-outline-secondary"
                      ariaLabel={t('inc.detail.unlinkLabel', { code: c.code })}
                      label={t('inc.detail.unlink')}
                    />
                  </td>
                )}
              </tr>
            ))}
          </DataTable>
        )}
      </Section>

      {open && (
        <section class="card mb-4" aria-labelledby="link-title">
          <form method="post" action={`/staff/incidents/${incident.id}/tickets`} class="card-body">
            <h2 class="h5" id="link-title">
              {t('inc.detail.link')}
            </h2>
            <CsrfField page={page} />
            <TextAreaField id="codes" label={t('inc.field.tickets')} value={forms.codes} rows={2} help={t('inc.field.ticketsHelp')} error={forms.linkError} class="font-monospace" />
            <button type="submit" class="btn btn-outline-primary mt-2">
              {t('inc.detail.linkSubmit')}
            </button>
          </form>
        </section>
      )}

      <Updates page={page} incident={incident} updates={updates} forms={forms} />

      {detailSections.map((render) => render({ page, incident }))}

      {(open || forms.note !== undefined) && (
        <section class="card mb-4 border-success" aria-labelledby="resolve-title">
          <form method="post" action={`/staff/incidents/${incident.id}/resolve`} class="card-body">
            <h2 class="h5" id="resolve-title">
              {t('inc.detail.resolve')}
            </h2>
            <CsrfField page={page} />
            <NoteField id="note" label={t('inc.detail.note')} value={forms.note} help={t('inc.detail.resolveHelp')} error={forms.resolveError} />
            <button type="submit" class="btn btn-success mt-2">
              {t('inc.detail.resolveSubmit')}
            </button>
          </form>
        </section>
      )}
    </StaffLayout>
  );
}

/** The public updates posted so far and, while the incident is open, "Publicar novedad". */
function Updates({ page, incident, updates, forms }: { page: StaffPageContext; incident: IncidentRow; updates: PostedIncidentUpdate[]; forms: DetailForms }) {
  const { t } = page;
  const open = incident.status === 'open';
  return (
    <Section id="updates-title" title={t('inc.detail.updates')}>
      {updates.length === 0 ? (
        <p>{t('inc.detail.noUpdates')}</p>
      ) : (
        <ul class="list-unstyled incident-updates" aria-label={t('inc.detail.updatesCaption')}>
          {updates.map((u) => (
            <li class="border-start border-3 ps-2 mb-2 incident-update">
              <div class="small text-secondary">{u.author ? t('inc.detail.updateBy', { date: formatDateTime(page, u.at), author: u.author }) : formatDateTime(page, u.at)}</div>
              <div class="incident-update-message">{u.message}</div>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <form method="post" action={`/staff/incidents/${incident.id}/updates`} id="update-form">
          <h3 class="h6" id="post-update-title">
            {t('inc.detail.postUpdate')}
          </h3>
          <CsrfField page={page} />
          <NoteField id="message" label={t('inc.detail.updateMessage')} value={forms.message} maxLength={INCIDENT_MESSAGE_MAX} help={t('inc.detail.updateHelp')} error={forms.updateError} />
          <button type="submit" class="btn btn-outline-primary mt-2">
            {t('inc.detail.updateSubmit')}
          </button>
        </form>
      )}
    </Section>
  );
}

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const DetailQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const NewQuery = Type.Object({ category: Type.Optional(Type.Integer({ minimum: 1 })) });

export async function incidentPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = { database: ctx.database, clock: ctx.clock, events: ctx.events };

  app.get('/staff/incidents', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const { t } = page;
    const [incidents, names] = await Promise.all([listIncidents(ctx.database.db), loadNames(request)]);
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('inc.list.title')}>
        <PageHeading title={t('inc.list.title')}>
          <a class="btn btn-primary" href="/staff/incidents/new">
            {t('inc.list.declare')}
          </a>
        </PageHeading>
        <p class="text-secondary">{t('inc.list.intro')}</p>
        {incidents.length === 0 ? (
          <p class="alert alert-light border">{t('inc.list.empty')}</p>
        ) : (
          <DataTable
            class="table table-hover align-middle bg-white incidents-table"
            label={t('inc.list.caption')}
            columns={[t('inc.col.title'), t('inc.col.status'), wideColumn(t('inc.col.category'), 'sm'), wideColumn(t('inc.col.since'), 'md'), t('inc.col.tickets')]}
          >
            {incidents.map((i) => (
              <tr data-incident={i.id}>
                <td>
                  <a href={`/staff/incidents/${i.id}`}>{i.title}</a>
                </td>
                <td>
                  <StatusBadge page={page} status={i.status} />
                </td>
                <td class="d-none d-sm-table-cell">{i.categoryId === null ? t('inc.noCategory') : (names.categories.get(i.categoryId) ?? '—')}</td>
                <td class="d-none d-md-table-cell">{formatDateTime(page, i.since)}</td>
                <td>{i.ticketCount}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </StaffLayout>,
    );
  });

  app.get<{ Querystring: Static<typeof NewQuery> }>('/staff/incidents/new', { preHandler: requireStaff, schema: { hide: true, querystring: NewQuery } }, async (request, reply) => {
    const page = staffPageContext(request);
    const values: DeclareValues = { title: '', publicMessage: '', categoryId: '', officeIds: [], ticketCodes: '' };
    const categoryId = request.query.category;
    if (categoryId !== undefined) {
      values.categoryId = String(categoryId);
      const suggestion = (await loadSuggestions(request)).find((s) => s.categoryId === categoryId);
      if (suggestion) {
        const offices = officeText(page, suggestion.offices);
        values.title = page.t('inc.prefill.title', { category: suggestion.category, offices }).slice(0, INCIDENT_TITLE_MAX);
        values.publicMessage = page.t('inc.prefill.message', { category: suggestion.category, offices }).slice(0, INCIDENT_MESSAGE_MAX);
        values.officeIds = suggestion.officeIds.map(String);
        values.ticketCodes = suggestion.ticketCodes.join('\n');
      }
    }
    return sendPage(reply, await DeclareForm({ page, request, values }));
  });

  app.post('/staff/incidents', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const body = request.body;
    const values: DeclareValues = {
      title: formField(body, 'title'),
      publicMessage: formField(body, 'publicMessage'),
      categoryId: formField(body, 'categoryId').trim(),
      officeIds: formList(body, 'officeIds'),
      ticketCodes: formField(body, 'ticketCodes'),
    };
    const result = await attempt(page.locale, async () => {
      const categoryId = values.categoryId === '' ? null : /^\d{1,9}$/.test(values.categoryId) ? Number(values.categoryId) : NaN;
      if (Number.isNaN(categoryId)) throw new AppError('VALIDATION_FAILED', undefined, { categoryId: { key: 'field.required' } });
      const officeIds = values.officeIds.filter((o) => /^\d{1,9}$/.test(o)).map(Number);
      return declareIncident(deps, { title: values.title, publicMessage: values.publicMessage, categoryId, officeIds, ticketCodes: splitCodes(values.ticketCodes), actorUserId: page.actor.userId });
    });
    if (result.ok) return reply.redirect(`/staff/incidents/${result.value.id}?done=declared`, 303);
    return sendPage(reply, await DeclareForm({ page, request, values, errors: declareErrors(result.errors, result.error) }), result.status);
  });

  const renderDetail = async (request: FastifyRequest, reply: FastifyReply, id: number, forms: DetailForms, status = 200, done?: string) => {
    const page = staffPageContext(request);
    const incident = await findIncident(ctx.database.db, id);
    if (!incident) throw new AppError('INCIDENT_NOT_FOUND');
    const [children, updates, names] = await Promise.all([listChildren(ctx.database.db, id), listIncidentUpdates(ctx.database.db, id), loadNames(request)]);
    return sendPage(reply, <Detail page={page} incident={incident} children={children} updates={updates} names={names} forms={forms} done={done} />, status);
  };

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof DetailQuery> }>(
    '/staff/incidents/:id',
    { preHandler: requireStaff, schema: { hide: true, params: IdParams, querystring: DetailQuery } },
    async (request, reply) => renderDetail(request, reply, request.params.id, {}, 200, request.query.done),
  );

  const firstError = (errors: Record<string, string>) => errors._ ?? Object.values(errors)[0] ?? '';

  app.post<{ Params: Static<typeof IdParams> }>('/staff/incidents/:id/tickets', { preHandler: requireStaff, schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const page = staffPageContext(request);
    const codes = formField(request.body, 'codes');
    const result = await attempt(page.locale, async () => {
      const list = splitCodes(codes);
      if (!list.length) throw new AppError('VALIDATION_FAILED', undefined, { codes: { key: 'field.required' } });
      return linkTickets(deps, { incidentId: request.params.id, codes: list });
    });
    if (result.ok) return reply.redirect(`/staff/incidents/${request.params.id}?done=linked`, 303);
    if (result.status === 404) throw result.error;
    return renderDetail(request, reply, request.params.id, { codes, linkError: firstError(result.errors) }, result.status);
  });

  app.post<{ Params: Static<typeof IdParams> }>('/staff/incidents/:id/unlink', { preHandler: requireStaff, schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const page = staffPageContext(request);
    const code = formField(request.body, 'code').slice(0, 40);
    const result = await attempt(page.locale, () => unlinkTicket(deps, { incidentId: request.params.id, code }));
    if (result.ok) return reply.redirect(`/staff/incidents/${request.params.id}?done=unlinked`, 303);
    if (result.status === 404 && result.error.code === 'INCIDENT_NOT_FOUND') throw result.error;
    return renderDetail(request, reply, request.params.id, { error: firstError(result.errors) }, result.status);
  });

  app.post<{ Params: Static<typeof IdParams> }>('/staff/incidents/:id/updates', { preHandler: requireStaff, schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const page = staffPageContext(request);
    const message = formField(request.body, 'message');
    const result = await attempt(page.locale, () => postIncidentUpdate(deps, { incidentId: request.params.id, message, actorUserId: page.actor.userId }));
    if (result.ok) return reply.redirect(`/staff/incidents/${request.params.id}?done=updated`, 303);
    if (result.status === 404) throw result.error;
    // 409 (resolved meanwhile): the form is gone; the message goes on top.
    return renderDetail(request, reply, request.params.id, result.status === 409 ? { error: firstError(result.errors) } : { message, updateError: firstError(result.errors) }, result.status);
  });

  app.post<{ Params: Static<typeof IdParams> }>('/staff/incidents/:id/resolve', { preHandler: requireStaff, schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const page = staffPageContext(request);
    const note = formField(request.body, 'note');
    const result = await attempt(page.locale, () => resolveIncident(deps, { incidentId: request.params.id, note, actorUserId: page.actor.userId, channel: channelOf(page.actor) }));
    if (result.ok) return reply.redirect(`/staff/incidents/${request.params.id}?done=resolved`, 303);
    if (result.status === 404 && result.error.code === 'INCIDENT_NOT_FOUND') throw result.error;
    const resolveError = firstError(result.errors);
    // 409 (already resolved): the page no longer has the form; the message goes on top, the note is kept there too.
    return renderDetail(request, reply, request.params.id, result.status === 409 ? { error: resolveError, note } : { note, resolveError }, result.status);
  });
}

/**
 * `/staff/tickets/:code`: everything about a ticket for staff — requester (full name, DNI,
 * phone), office, category, description, the history (who, channel, when), the work log — and
 * the forms that act on it: take / assign, add a note, and close or release with a note
 * (closing happens only here, on the web). Every form works without JavaScript.
 */
import { recordTicketRead } from '../../../privacy/record-read';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { Type, type Static } from '@sinclair/typebox';
import { requireStaff } from '../../../auth/guards';
import { channelOf } from '../../../auth/actor';
import { assignTicket } from '../../../tickets/commands/assign-ticket';
import { transitionTicket, type TransitionTarget } from '../../../tickets/commands/transition-ticket';
import { addNote } from '../../../tickets/commands/add-note';
import { staffTicket, ticketCodeOrThrow, ticketDueStates, type StaffTicketView, type TicketDueStates } from '../../../tickets/queries/staff-ticket';
import { listAssignableUsers } from '../../../tickets/ticket-lists.repository';
import { canChangeStatus } from '../../../tickets/policy';
import { transitionsFrom } from '../../../tickets/state-machine';
import { trackingPath } from '../../../tickets/presenters';
import { sendPage } from '../../render';
import { CsrfField, FormErrors, StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { attempt, formCheckbox, formField } from '../../staff-forms';
import { StatusBadge, formatInstant } from '../portal/format';
import { channelName, eventName, NoteField, Notice } from './workspace-components';
import { renderQueueWithError } from './queue.page';
import { ConversationCard } from './conversation-card';
import { replyToRequester } from '../../../tickets/commands/reply-to-requester';
import { TicketAssetCard } from './ticket-asset-card';
import { MAX_ATTACHMENTS } from '../../../attachments/attach-files';
import { AttachmentStore } from '../../../attachments/attachment-store';
import { AttachmentField, AttachmentList, type KeptAttachment } from '../../attachments-view';
import { receivePageUploads } from '../../form-attachments';
import { changePriority } from '../../../tickets/commands/change-priority';
import { isPriority } from '../../../tickets/priority';
import { TicketSlaCard } from './ticket-sla-card';
import { Section } from '../../card-section';
import { PostButton } from '../../post-button';
import { SubmitColumn } from '../admin/admin-components';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

/** What a refused form brings back to the page: messages, and what the person had typed. */
interface FormState {
  form: 'note' | 'change' | 'assign' | 'reply' | 'priority';
  errors: Record<string, string>;
  values: Record<string, string>;
  /** Files of the refused post, kept as uploads so they need not be attached again. */
  kept?: KeptAttachment[];
}

interface TicketPageProps {
  page: StaffPageContext;
  view: StaffTicketView;
  users: { id: number; fullName: string }[];
  done?: string;
  state?: FormState;
  /** How urgent the running clocks are (amber from 75 %). */
  dueStates: TicketDueStates;
  now: number;
}

function When({ page, at }: { page: StaffPageContext; at: number }) {
  return <time dateTime={new Date(at).toISOString()}>{formatInstant(at, page.locale, page.timeZone)}</time>;
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function RequesterCard({ page, view }: { page: StaffPageContext; view: StaffTicketView }) {
  const { t } = page;
  const { ticket } = view;
  const none = t('workspace.ticket.none');
  return (
    <Section id="requester-title" title={t('workspace.ticket.requesterTitle')} class="card shadow-sm mb-4">
      <dl class="ticket-facts row mb-0">
        <div class="col-sm-6">
          <Fact label={t('workspace.ticket.fullName')}>{`${ticket.requester.firstName} ${ticket.requester.lastName}`}</Fact>
          <Fact label={t('workspace.ticket.dni')}>
            <span class="font-monospace">{ticket.requester.dni}</span>
          </Fact>
          <Fact label={t('workspace.office')}>{ticket.office.name}</Fact>
        </div>
        <div class="col-sm-6">
          <Fact label={t('workspace.ticket.contactPhone')}>{ticket.contactPhone ? <a href={`tel:${ticket.contactPhone}`}>{ticket.contactPhone}</a> : none}</Fact>
          <Fact label={t('workspace.ticket.phone')}>{ticket.requester.phone ? <a href={`tel:${ticket.requester.phone}`}>{ticket.requester.phone}</a> : none}</Fact>
        </div>
      </dl>
    </Section>
  );
}

function ProblemCard({ page, view }: { page: StaffPageContext; view: StaffTicketView }) {
  const { t } = page;
  const { ticket } = view;
  return (
    <Section id="problem-title" title={t('workspace.ticket.problemTitle')} class="card shadow-sm mb-4">
      <dl class="ticket-facts row mb-2">
        <div class="col-sm-6">
          <Fact label={t('workspace.category')}>{ticket.category.name}</Fact>
          <Fact label={t('workspace.createdAt')}>
            <When page={page} at={ticket.createdAt} />
          </Fact>
        </div>
        <div class="col-sm-6">
          <Fact label={t('workspace.assignee')}>{ticket.assignee ? ticket.assignee.fullName : t('workspace.nobody')}</Fact>
          {view.queuePosition !== null ? (
            <Fact label={t('workspace.ticket.queuePosition')}>{String(view.queuePosition)}</Fact>
          ) : (
            <Fact label={t('workspace.ticket.channel')}>{channelName(page, ticket.channel)}</Fact>
          )}
        </div>
      </dl>
      <h3 class="h6">{t('workspace.description')}</h3>
      {/* Text, never markup: the renderer escapes it. */}
      <p class="description-text mb-0">{ticket.description}</p>
      <AttachmentList page={page} attachments={view.attachments.own} class="mt-2" />
    </Section>
  );
}

function History({ page, view }: { page: StaffPageContext; view: StaffTicketView }) {
  const { t } = page;
  return (
    <Section id="history-title" title={t('workspace.ticket.timeline')} class="card shadow-sm mb-4">
      <p class="text-secondary small">{t('workspace.ticket.timelineHelp')}</p>
      <ol class="timeline mb-0" id="history">
        {view.events.map((e) => (
          <li class={e.type === 'note' ? 'timeline-note' : undefined}>
            <strong class="timeline-status">{eventName(page, e.type)}</strong>{' '}
            <span class="text-secondary small">
              <When page={page} at={e.at} /> ·{' '}
              {e.actorName ? t('workspace.ticket.by', { name: e.actorName, channel: channelName(page, e.channel) }) : t('workspace.ticket.byRequester', { channel: channelName(page, e.channel) })}
            </span>
            {e.fromPriority && e.toPriority && <p class="mb-0 mt-1">{t('priority.changed', { from: t(`priority.${e.fromPriority}`), to: t(`priority.${e.toPriority}`) })}</p>}
            {e.note && <p class="description-text mb-0 mt-1">{e.note}</p>}
          </li>
        ))}
      </ol>
    </Section>
  );
}

function WorkLog({ page, view, state }: { page: StaffPageContext; view: StaffTicketView; state?: FormState }) {
  const { t } = page;
  const notes = view.events.filter((e) => e.note);
  const errors = state?.form === 'note' ? state.errors : undefined;
  return (
    <Section id="worklog-title" title={t('workspace.ticket.workLog')} class="card shadow-sm mb-4" anchor="worklog">
      {notes.length ? (
        <ul class="list-unstyled worklog mb-3">
          {notes.map((e) => (
            <li class="worklog-entry">
              <div class="small text-secondary">
                <strong class="text-body">{e.actorName ?? t('workspace.requester')}</strong> · {eventName(page, e.type)} · {channelName(page, e.channel)} · <When page={page} at={e.at} />
              </div>
              <p class="description-text mb-0">{e.note}</p>
              <AttachmentList page={page} attachments={view.attachments.byNote.get(e.id) ?? []} class="mt-1" />
            </li>
          ))}
        </ul>
      ) : (
        <p class="text-secondary">{t('workspace.ticket.workLogEmpty')}</p>
      )}
      <FormErrors page={page} errors={errors} />
      <form method="post" action={`/staff/tickets/${view.ticket.code}/notes`} id="note-form" enctype="multipart/form-data" data-attachments="">
        <CsrfField page={page} />
        <NoteField
          id="text"
          label={t('workspace.ticket.noteLabel')}
          value={state?.form === 'note' ? state.values.text : ''}
          help={t('workspace.ticket.noteHelp')}
          helpClass="form-text mb-2"
          invalid={Boolean(errors)}
        />
        <AttachmentField page={page} id="note-attachments" kept={state?.form === 'note' ? state.kept : undefined} error={errors?.attachments} />
        <button type="submit" class="btn btn-outline-primary mt-2">
          {t('workspace.ticket.addNote')}
        </button>
      </form>
    </Section>
  );
}

function Actions({ page, view, users, state }: { page: StaffPageContext; view: StaffTicketView; users: { id: number; fullName: string }[]; state?: FormState }) {
  const { t, actor } = page;
  const { ticket } = view;
  const isAdmin = actor.role === 'admin';
  const changes = canChangeStatus(actor, { assigneeId: ticket.assignee?.id ?? null }) ? transitionsFrom(ticket.status, channelOf(actor)).filter((r) => r.to !== 'in_progress') : [];
  const changeErrors = state?.form === 'change' ? state.errors : undefined;
  const chosen = (state?.form === 'change' ? state.values.to : '') || 'resolved';
  return (
    <Section id="actions-title" title={t('workspace.ticket.actionsTitle')} class="card shadow-sm mb-4 border-primary">
      {state?.form === 'assign' && <FormErrors page={page} errors={state.errors} />}
      {ticket.status === 'registered' && (
        <PostButton page={page} action={`/staff/tickets/${ticket.code}/assign`} formClass="mb-3" class="btn btn-primary w-100" id="take-this" label={t('workspace.ticket.takeThis')} />
      )}
      {ticket.status === 'in_progress' && ticket.assignee && <p>{t('workspace.ticket.takenBy', { name: ticket.assignee.fullName })}</p>}
      {(ticket.status === 'resolved' || ticket.status === 'cancelled') && <p class="mb-0">{t('workspace.ticket.closedInfo')}</p>}
      {isAdmin && ticket.status === 'registered' && (
        <form method="post" action={`/staff/tickets/${ticket.code}/assign`} class="row g-2 align-items-end mb-3">
          <CsrfField page={page} />
          <div class="col">
            <label class="form-label" for="userId">
              {t('workspace.ticket.assignTo')}
            </label>
            <select class="form-select" id="userId" name="userId">
              {users.map((u) => (
                <option value={String(u.id)} selected={u.id === actor.userId}>
                  {u.fullName}
                </option>
              ))}
            </select>
          </div>
          <SubmitColumn label={t('workspace.ticket.assign')} class="col-auto" button="btn btn-outline-primary" />
        </form>
      )}
      {changes.length > 0 && (
        <form method="post" action={`/staff/tickets/${ticket.code}/transition`} id="change-form">
          <CsrfField page={page} />
          <h3 class="h6">{t('workspace.ticket.changeTitle')}</h3>
          <FormErrors page={page} errors={changeErrors} />
          <fieldset class="mb-2">
            <legend class="visually-hidden">{t('workspace.ticket.changeLegend')}</legend>
            {changes.map((r) => (
              <div class="form-check">
                <input class="form-check-input" type="radio" name="to" id={`to-${r.to}`} value={r.to} checked={chosen === r.to} />
                <label class="form-check-label" for={`to-${r.to}`}>
                  {t(`workspace.ticket.to.${r.to as TransitionTarget}`)}
                </label>
              </div>
            ))}
          </fieldset>
          <NoteField
            id="note"
            label={t('workspace.ticket.changeNote')}
            value={state?.form === 'change' ? state.values.note : ''}
            help={t('workspace.ticket.changeNoteHelp')}
            invalid={Boolean(changeErrors)}
          />
          <button type="submit" class="btn btn-primary mt-2">
            {t('workspace.ticket.changeSubmit')}
          </button>
        </form>
      )}
    </Section>
  );
}

function TicketPage({ page, view, users, done, state, dueStates, now }: TicketPageProps) {
  const { t } = page;
  const { ticket } = view;
  return (
    <StaffLayout page={page} title={t('workspace.ticket.title', { code: ticket.code })} scripts={['attachments.js']}>
      <p class="mb-2">
        <a href="/staff/queue">← {t('workspace.ticket.back')}</a>
      </p>
      <div class="d-flex flex-wrap align-items-center gap-3 mb-3">
        <h1 class="h3 mb-0">{t('workspace.ticket.title', { code: ticket.code })}</h1>
        <StatusBadge page={page} status={ticket.status} />
      </div>
      <Notice page={page} done={done} />
      {/* Phone: who and what first, then the actions, then the log; desktop: actions on the right. */}
      <div class="ticket-layout">
        <div class="ticket-area-facts">
          <RequesterCard page={page} view={view} />
          <ProblemCard page={page} view={view} />
          {view.asset && <TicketAssetCard page={page} asset={view.asset} />}
        </div>
        <div class="ticket-area-actions">
          <Actions page={page} view={view} users={users} state={state} />
          <TicketSlaCard
            page={page}
            view={view}
            states={dueStates}
            now={now}
            errors={state?.form === 'priority' ? state.errors : undefined}
            values={state?.form === 'priority' ? state.values : undefined}
          />
          <p>
            <a href={trackingPath(ticket.code)}>{t('workspace.ticket.publicPage')}</a>
          </p>
        </div>
        <div class="ticket-area-log">
          <ConversationCard
            page={page}
            view={view}
            errors={state?.form === 'reply' ? state.errors : undefined}
            text={state?.form === 'reply' ? state.values.text : undefined}
            kept={state?.form === 'reply' ? state.kept : undefined}
          />
          <WorkLog page={page} view={view} state={state} />
          <History page={page} view={view} />
        </div>
      </div>
    </StaffLayout>
  );
}

async function renderTicket(request: FastifyRequest, reply: FastifyReply, code: string, extra: { done?: string; state?: FormState; status?: number } = {}) {
  const { ctx } = request.server;
  const page = staffPageContext(request);
  const view = await staffTicket(ctx.database.db, code);
  const now = ctx.clock();
  await recordTicketRead(ctx.database.db, now, page.actor.userId, 'ticket_page', view.ticket);
  const users = page.actor.role === 'admin' && view.ticket.status === 'registered' ? await listAssignableUsers(ctx.database.db) : [];
  const dueStates = await ticketDueStates(ctx.database.db, view.ticket, now);
  return sendPage(reply, <TicketPage page={page} view={view} users={users} done={extra.done} state={extra.state} dueStates={dueStates} now={now} />, extra.status ?? 200);
}

export async function ticketPage(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = { database: ctx.database, clock: ctx.clock, events: ctx.events };
  const store = new AttachmentStore(ctx.config.attachments.dir);
  const uploadDeps = { ...deps, store };
  // The note and reply forms are multipart (files) or urlencoded; files are read only for staff.
  const uploads = { uploads: { field: 'attachments', max: MAX_ATTACHMENTS, staffOnly: true } };
  type Params = { Params: Static<typeof CodeParams> };

  app.get<Params & { Querystring: Static<typeof DoneQuery> }>(
    '/staff/tickets/:code',
    { preHandler: requireStaff, schema: { hide: true, params: CodeParams, querystring: DoneQuery } },
    async (request, reply) => renderTicket(request, reply, ticketCodeOrThrow(request.params.code), { done: request.query.done }),
  );

  app.post<Params>('/staff/tickets/:code/assign', { preHandler: requireStaff, schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const page = staffPageContext(request);
    const code = ticketCodeOrThrow(request.params.code);
    const chosen = Number(formField(request.body, 'userId'));
    const assigneeId = Number.isInteger(chosen) && chosen > 0 ? chosen : page.actor.userId;
    const result = await attempt(page.locale, () => assignTicket(deps, { code, assigneeId, actorUserId: page.actor.userId, actorRole: page.actor.role, channel: channelOf(page.actor) }));
    if (result.ok) return reply.redirect(`/staff/tickets/${code}?done=${assigneeId === page.actor.userId ? 'taken' : 'assigned'}`, 303);
    const message = Object.values(result.errors).join(' ');
    if (formField(request.body, 'from') === 'queue') return renderQueueWithError(request, reply, message, result.status);
    return renderTicket(request, reply, code, { state: { form: 'assign', errors: result.errors, values: {} }, status: result.status });
  });

  app.post<Params>('/staff/tickets/:code/transition', { preHandler: requireStaff, schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const page = staffPageContext(request);
    const code = ticketCodeOrThrow(request.params.code);
    const to = formField(request.body, 'to');
    const note = formField(request.body, 'note');
    const values = { to, note };
    if (to !== 'resolved' && to !== 'cancelled' && to !== 'registered' && to !== 'waiting' && to !== 'in_progress') {
      return renderTicket(request, reply, code, { state: { form: 'change', errors: { to: page.t('field.required') }, values }, status: 422 });
    }
    const result = await attempt(page.locale, () => transitionTicket(deps, { code, to, note, actorUserId: page.actor.userId, actorRole: page.actor.role, channel: channelOf(page.actor) }));
    if (result.ok) return reply.redirect(`/staff/tickets/${code}?done=${to}`, 303);
    return renderTicket(request, reply, code, { state: { form: 'change', errors: result.errors, values }, status: result.status });
  });

  app.post<Params>('/staff/tickets/:code/priority', { preHandler: requireStaff, schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const page = staffPageContext(request);
    const code = ticketCodeOrThrow(request.params.code);
    const priority = formField(request.body, 'priority');
    const note = formField(request.body, 'note');
    const values = { priority, note };
    if (!isPriority(priority)) return renderTicket(request, reply, code, { state: { form: 'priority', errors: { priority: page.t('field.priority') }, values }, status: 422 });
    const result = await attempt(page.locale, () => changePriority(deps, { code, priority, note, actorUserId: page.actor.userId, actorRole: page.actor.role, channel: channelOf(page.actor) }));
    if (result.ok) return reply.redirect(`/staff/tickets/${code}?done=priority#prioridad`, 303);
    return renderTicket(request, reply, code, { state: { form: 'priority', errors: result.errors, values }, status: result.status });
  });

  app.post<Params>('/staff/tickets/:code/notes', { preHandler: requireStaff, config: uploads, schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const page = staffPageContext(request);
    const code = ticketCodeOrThrow(request.params.code);
    const text = formField(request.body, 'text');
    const files = await receivePageUploads(uploadDeps, request);
    const result = await attempt(page.locale, async () => {
      if (files.error) throw files.error;
      return addNote(uploadDeps, { code, text, actorUserId: page.actor.userId, actorRole: page.actor.role, channel: channelOf(page.actor), attachments: files.input });
    });
    if (result.ok) return reply.redirect(`/staff/tickets/${code}?done=note#worklog`, 303);
    return renderTicket(request, reply, code, { state: { form: 'note', errors: result.errors, values: { text }, kept: files.kept }, status: result.status });
  });
  app.post<Params>('/staff/tickets/:code/replies', { preHandler: requireStaff, config: uploads, schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const page = staffPageContext(request);
    const code = ticketCodeOrThrow(request.params.code);
    const text = formField(request.body, 'text');
    const awaitReply = formCheckbox(request.body, 'awaitReply');
    const files = await receivePageUploads(uploadDeps, request);
    const result = await attempt(page.locale, async () => {
      if (files.error) throw files.error;
      return replyToRequester(uploadDeps, {
        code,
        text,
        awaitReply,
        actorUserId: page.actor.userId,
        actorRole: page.actor.role,
        channel: channelOf(page.actor),
        reopenDays: ctx.config.reopenDays,
        attachments: files.input,
      });
    });
    if (result.ok) return reply.redirect(`/staff/tickets/${code}?done=${awaitReply ? 'replyWaiting' : 'reply'}#conversacion`, 303);
    return renderTicket(request, reply, code, { state: { form: 'reply', errors: result.errors, values: { text }, kept: files.kept }, status: result.status });
  });
}

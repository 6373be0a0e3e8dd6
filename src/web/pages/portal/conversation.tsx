/**
 * The conversation on the tracking page (slot `trackingExtras`): the messages, oldest first, with
 * the technician's first name; a form to answer and, for a resolved ticket within REOPEN_DAYS, a
 * form to reopen it. Both are plain forms that work without JavaScript: they post to
 * `/t/:code/mensaje` and `/t/:code/reabrir` (conversation-forms.tsx), which redirect back on
 * success (`?conversacion=enviado`) and, when refused, answer the tracking page again with the
 * reason, the typed text and the files already received (their names shown, their ids kept).
 */
import type { FastifyRequest } from 'fastify';
import { ERRORS, messageKeyFor, type ErrorCode } from '../../../core/errors';
import { trackingPath, type PublicTicket } from '../../../tickets/presenters';
import { NOTE_MAX } from '../../../tickets/state-machine';
import type { PageContext } from '../../render';
import type { TrackingExtra } from './extras';
import { Instant } from './format';
import { AttachmentField, AttachmentList, type KeptAttachment } from '../../attachments-view';
import { PasteCutNote } from '../../paste-cut';

export const DONE = { enviado: 'conversation.track.sent', reabierto: 'conversation.track.reopened' } as const;

/** A refused answer or reopening, shown again as it was typed (set by conversation-forms.tsx). */
export interface ConversationRetry {
  form: 'answer' | 'reopen';
  outcome: ErrorCode;
  text: string;
  kept: KeptAttachment[];
  /** The refused file's message, beside the file field. */
  fileError: string | null;
}

export const conversationRetries = new WeakMap<FastifyRequest, ConversationRetry>();

function Outcome({ page, outcome, days }: { page: PageContext; outcome?: string; days: number }) {
  if (!outcome) return null;
  if (outcome in DONE)
    return (
      <p class="alert alert-success" role="status">
        {page.t(DONE[outcome as keyof typeof DONE])}
      </p>
    );
  if (outcome in ERRORS)
    return (
      <p class="alert alert-warning" role="alert">
        {page.t(messageKeyFor(outcome as ErrorCode), { days })}
      </p>
    );
  return null;
}

export function ConversationSection({
  page,
  ticket,
  timeZone,
  outcome,
  reopenDays,
  retry,
}: {
  page: PageContext;
  ticket: PublicTicket;
  timeZone: string;
  outcome?: string;
  reopenDays: number;
  retry?: ConversationRetry;
}) {
  const answer = retry?.form === 'answer' ? retry : undefined;
  const reopen = retry?.form === 'reopen' ? retry : undefined;
  const { t } = page;
  const until = ticket.answerableUntil ? Date.parse(ticket.answerableUntil) : null;
  const open = until === null || until >= Date.now();
  const canReopen = ticket.status === 'resolved' && open && until !== null;
  return (
    <section class="card shadow-sm mb-4" aria-labelledby="conversation-title" id="conversacion">
      <div class="card-body">
        <h2 id="conversation-title" class="h5">
          {t('conversation.title')}
        </h2>
        <p class="text-secondary small">{t('conversation.track.help')}</p>
        <Outcome page={page} outcome={outcome} days={reopenDays} />
        {ticket.status === 'waiting' && <p class="alert alert-info">{t('conversation.track.waiting')}</p>}
        {ticket.conversation.length ? (
          <ol class="list-unstyled conversation mb-3">
            {ticket.conversation.map((m) => (
              <li class={m.from === 'staff' ? 'conversation-staff border-start border-3 border-primary ps-2 mb-2' : 'conversation-requester border-start border-3 border-secondary ps-2 mb-2'}>
                <div class="small text-secondary">
                  <strong class="text-body">{m.from === 'staff' ? (m.author?.firstName ?? t('conversation.fromStaff')) : t('conversation.you')}</strong> ·{' '}
                  <Instant at={m.at} page={page} timeZone={timeZone} />
                </div>
                <p class="description-text mb-0">{m.text}</p>
                <AttachmentList page={page} attachments={m.attachments} class="mt-1" />
              </li>
            ))}
          </ol>
        ) : (
          <p class="text-secondary">{t('conversation.empty')}</p>
        )}
        {open ? (
          <form method="post" action={`${trackingPath(ticket.code)}/mensaje`} id="answer-form" enctype="multipart/form-data" data-attachments="">
            <label class="form-label" for="answer-text">
              {t('conversation.track.answerLabel')}
            </label>
            <textarea class="form-control" id="answer-text" name="text" rows={3} required maxLength={NOTE_MAX} aria-describedby="answer-help" data-paste-cut="answer-cut">
              {answer?.text ?? ''}
            </textarea>
            <PasteCutNote page={page} id="answer-cut" max={NOTE_MAX} />
            <div class="form-text mb-2" id="answer-help">
              {t('conversation.track.answerHelp')}
            </div>
            <AttachmentField page={page} id="answer-attachments" kept={answer?.kept} error={answer?.fileError} />
            <button type="submit" class="btn btn-primary mt-2">
              {t('conversation.track.send')}
            </button>
          </form>
        ) : (
          <p class="mb-0">{t('conversation.track.closedForMessages')}</p>
        )}
        {canReopen && (
          <form method="post" action={`${trackingPath(ticket.code)}/reabrir`} id="reopen-form" class="mt-4">
            <h3 class="h6">{t('conversation.track.reopenTitle')}</h3>
            <p class="small">{t('conversation.track.reopenHelp', { date: new Date(until).toLocaleDateString(page.locale === 'en' ? 'en-GB' : 'es-PE', { timeZone }) })}</p>
            <label class="form-label" for="reopen-reason">
              {t('conversation.track.reopenLabel')}
            </label>
            <textarea class="form-control" id="reopen-reason" name="reason" rows={2} required maxLength={NOTE_MAX} data-paste-cut="reopen-cut">
              {reopen?.text ?? ''}
            </textarea>
            <PasteCutNote page={page} id="reopen-cut" max={NOTE_MAX} />
            <button type="submit" class="btn btn-outline-primary mt-2">
              {t('conversation.track.reopen')}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}

export const conversationExtra: TrackingExtra = {
  render({ page, ctx, request, ticket }) {
    const retry = conversationRetries.get(request);
    const outcome = retry?.outcome ?? (request.query as { conversacion?: string } | undefined)?.conversacion;
    return <ConversationSection page={page} ticket={ticket} timeZone={ctx.config.timeZone} outcome={outcome} reopenDays={ctx.config.reopenDays} retry={retry} />;
  },
  scripts: ['attachments.js', 'paste-cut.js'],
};

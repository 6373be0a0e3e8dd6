/**
 * The staff ticket page's conversation: what the requester sees, oldest first, and the form
 * "Responder al solicitante" with "esperar respuesta" (works without JavaScript). Internal notes
 * stay in the work log beside it ("Nota interna").
 */
import type { StaffTicketView } from '../../../tickets/queries/staff-ticket';
import { CsrfField, FormErrors, type StaffPageContext } from '../../staff-layout';
import { formatInstant } from '../portal/format';
import { AttachmentField, AttachmentList, type KeptAttachment } from '../../attachments-view';
import { Section } from '../../card-section';
import { NoteField } from './workspace-components';

export function ConversationCard({ page, view, errors, text, kept }: { page: StaffPageContext; view: StaffTicketView; errors?: Record<string, string>; text?: string; kept?: KeptAttachment[] }) {
  const { t } = page;
  const { ticket } = view;
  const canWait = ticket.status === 'in_progress' && (page.actor.role === 'admin' || ticket.assignee?.id === page.actor.userId);
  return (
    <Section id="conversation-title" title={t('conversation.title')} class="card shadow-sm mb-4" anchor="conversacion">
      <p class="text-secondary small">{t('conversation.staff.help')}</p>
      {view.messages.length ? (
        <ol class="list-unstyled conversation mb-3">
          {view.messages.map((m) => (
            <li class={m.from === 'staff' ? 'conversation-staff border-start border-3 border-primary ps-2 mb-2' : 'conversation-requester border-start border-3 border-warning ps-2 mb-2'}>
              <div class="small text-secondary">
                <strong class="text-body">{m.from === 'staff' ? (m.authorFullName ?? t('conversation.fromStaff')) : t('conversation.fromRequester')}</strong> ·{' '}
                <time dateTime={new Date(m.at).toISOString()}>{formatInstant(m.at, page.locale, page.timeZone)}</time>
              </div>
              <p class="description-text mb-0">{m.text}</p>
              <AttachmentList page={page} attachments={view.attachments.byMessage.get(m.id) ?? []} class="mt-1" />
            </li>
          ))}
        </ol>
      ) : (
        <p class="text-secondary">{t('conversation.empty')}</p>
      )}
      <FormErrors page={page} errors={errors} />
      <form method="post" action={`/staff/tickets/${ticket.code}/replies`} id="reply-form" enctype="multipart/form-data" data-attachments="">
        <CsrfField page={page} />
        <h3 class="h6">{t('conversation.staff.replyTitle')}</h3>
        <NoteField
          id="reply-text"
          name="text"
          label={t('conversation.staff.replyLabel')}
          value={text}
          help={t('conversation.staff.replyHelp')}
          helpId="reply-help"
          helpClass="form-text mb-2"
          invalid={Boolean(errors)}
        />
        <AttachmentField page={page} id="reply-attachments" kept={kept} error={errors?.attachments} />
        {canWait && (
          <div class="form-check mt-2">
            <input class="form-check-input" type="checkbox" name="awaitReply" id="awaitReply" value="1" />
            <label class="form-check-label" for="awaitReply">
              {t('conversation.staff.awaitReply')}
            </label>
          </div>
        )}
        <button type="submit" class="btn btn-primary mt-2">
          {t('conversation.staff.send')}
        </button>
      </form>
    </Section>
  );
}

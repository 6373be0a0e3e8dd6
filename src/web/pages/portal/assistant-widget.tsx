/**
 * The assistant on the portal home: a card beside the ticket form that opens an accessible chat
 * dialog (`web/client/assistant.ts` does the talking). Without JavaScript the card says so and the
 * form still works. The dialog's strings travel in data attributes (no inline script: CSP).
 */
import type { HomeExtra } from './extras';
import { asset } from '../../assets';
import { PasteCutNote } from '../../paste-cut';
import { MAX_USER_MESSAGE } from '../../../assistant/commands/answer-chat';

export const assistantWidget: HomeExtra = {
  scripts: ['assistant.js'],
  render({ page }) {
    const { t } = page;
    return (
      <section class="card shadow-sm assistant-card" aria-labelledby="assistant-card-title">
        <div class="card-body">
          <h2 id="assistant-card-title" class="h5">
            {t('assistant.widget.title')}
          </h2>
          <p class="small text-secondary">{t('assistant.widget.intro')}</p>
          <button id="assistant-open" type="button" class="btn btn-outline-primary w-100" aria-haspopup="dialog" aria-controls="assistant-dialog" hidden>
            {t('assistant.widget.open')}
          </button>
          <noscript>
            <p class="small mb-0">{t('assistant.widget.noJs')}</p>
          </noscript>
          <p id="assistant-filled" class="alert alert-info small mt-3 mb-0" role="status" hidden>
            {t('assistant.widget.ticketFilled')}
          </p>
        </div>
        <div
          id="assistant-dialog"
          class="assistant-dialog"
          role="dialog"
          aria-modal="true"
          aria-labelledby="assistant-dialog-title"
          hidden
          data-you={t('assistant.widget.you')}
          data-bot={t('assistant.widget.bot')}
          data-helpful={t('assistant.widget.helpful')}
          data-yes={t('assistant.widget.yes')}
          data-no={t('assistant.widget.no')}
          data-thanks={t('assistant.widget.thanks')}
          data-create-ticket={t('assistant.widget.createTicket')}
          data-error={t('assistant.widget.error')}
          // With no network the same FAQ search runs in the browser (issue 20): its script and words.
          data-offline-src={asset('js/assistant-offline.js')}
          data-offline-note={t('assistant.widget.offlineNote')}
          data-reply-needs-technician={t('assistant.reply.needsTechnician')}
          data-reply-also-report={t('assistant.reply.alsoReport')}
          data-reply-closing={t('assistant.reply.closing')}
          data-reply-refusal={t('assistant.reply.refusal')}
          data-reply-out-of-scope={t('assistant.reply.outOfScope')}
          data-reply-ask-details={t('assistant.reply.askDetails')}
          data-reply-still-failing={t('assistant.reply.stillFailing')}
          data-reply-cannot-help={t('assistant.reply.cannotHelp')}
        >
          <div class="assistant-header">
            <h2 id="assistant-dialog-title" class="h6 mb-0">
              {t('assistant.widget.title')}
            </h2>
            <button type="button" id="assistant-close" class="btn-close btn-close-white" aria-label={t('assistant.widget.close')} />
          </div>
          <div id="assistant-log" class="assistant-log" role="log" aria-live="polite" aria-label={t('assistant.widget.title')} tabIndex={0}>
            <div class="assistant-msg assistant-msg-bot">
              <p>{t('assistant.widget.intro')}</p>
            </div>
          </div>
          <p id="assistant-typing" class="assistant-typing" role="status" hidden>
            {t('assistant.widget.typing')}
          </p>
          <form id="assistant-form" class="assistant-form">
            <label for="assistant-input" class="visually-hidden">
              {t('assistant.widget.inputLabel')}
            </label>
            <textarea
              id="assistant-input"
              class="form-control"
              rows={2}
              maxLength={MAX_USER_MESSAGE}
              placeholder={t('assistant.widget.placeholder')}
              autoComplete="off"
              required
              data-paste-cut="assistant-cut"
            />
            <button type="submit" id="assistant-send" class="btn btn-primary">
              {t('assistant.widget.send')}
            </button>
          </form>
          <PasteCutNote page={page} id="assistant-cut" max={MAX_USER_MESSAGE} class="assistant-cut" />
        </div>
      </section>
    );
  },
};

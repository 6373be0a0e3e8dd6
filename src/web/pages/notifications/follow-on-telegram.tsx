/**
 * "Seguir por Telegram" on the public tracking page: a form that takes the requester to the bot
 * with a one-time token for this ticket; the bot then sends each status change. Shown only when
 * Telegram is configured and the ticket is still open. Added to the `trackingExtras` slot.
 */
import type { TrackingExtra } from '../portal/extras';

export const followOnTelegram: TrackingExtra = {
  render({ page, ctx, ticket }) {
    if (!ctx.config.telegram.botToken || ticket.status === 'resolved' || ticket.status === 'cancelled') return null;
    const { t } = page;
    return (
      <section class="card shadow-sm mt-4" aria-labelledby="telegram-follow-title">
        <div class="card-body">
          <h2 class="h5" id="telegram-follow-title">
            {t('tgFollow.title')}
          </h2>
          <p>{t('tgFollow.intro')}</p>
          <form method="post" action={`/t/${ticket.code}/telegram`}>
            <button type="submit" class="btn btn-outline-primary">
              {t('tgFollow.button')}
            </button>
          </form>
        </div>
      </section>
    );
  },
};

/**
 * "Seguir por Telegram" on the public tracking page: a form that takes the requester to the bot
 * with a one-time token for this ticket; the bot then sends each status change. Shown only when
 * Telegram is configured and the ticket is still open. Added to the `trackingExtras` slot.
 */
import type { TrackingExtra } from '../portal/extras';
import { Section } from '../../card-section';

export const followOnTelegram: TrackingExtra = {
  render({ page, ctx, ticket }) {
    if (!ctx.config.telegram.botToken || ticket.status === 'resolved' || ticket.status === 'cancelled') return null;
    const { t } = page;
    return (
      <Section id="telegram-follow-title" title={t('tgFollow.title')} class="card shadow-sm mt-4">
        <p>{t('tgFollow.intro')}</p>
        <form method="post" action={`/t/${ticket.code}/telegram`}>
          <button type="submit" class="btn btn-outline-primary">
            {t('tgFollow.button')}
          </button>
        </form>
      </Section>
    );
  },
};

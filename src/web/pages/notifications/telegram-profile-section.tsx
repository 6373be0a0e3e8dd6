/**
 * The profile page's "Telegram" section: linked since when, or a "Vincular Telegram" button
 * (a form POST that shows the one-time deep link), and "Desvincular Telegram". Registered in the
 * profile page's sections by `notificationPages`.
 */
import type { FastifyRequest } from 'fastify';
import type { ProfileSection } from '../auth/profile-sections';
import { CsrfField, formatDateTime, type StaffPageContext } from '../../staff-layout';
import { telegramLinkedAt } from '../../../notifications/queries/my-notices';

export function TelegramProfileSection({ page, enabled, linkedAt }: { page: StaffPageContext; enabled: boolean; linkedAt: number | null }) {
  const { t } = page;
  return (
    <section class="card mb-4" aria-labelledby="telegram-title">
      <div class="card-body">
        <h2 class="h5" id="telegram-title">
          {t('tgLink.title')}
        </h2>
        {!enabled ? (
          <p class="mb-0">{t('tgLink.disabled')}</p>
        ) : (
          <>
            <p>{t('tgLink.intro')}</p>
            <p>{linkedAt !== null ? t('tgLink.linked', { date: formatDateTime(page, linkedAt) }) : t('tgLink.notLinked')}</p>
            <div class="d-flex flex-wrap gap-2">
              <form method="post" action="/staff/profile/telegram">
                <CsrfField page={page} />
                <button type="submit" class="btn btn-primary">
                  {t('tgLink.link')}
                </button>
              </form>
              {linkedAt !== null ? (
                <form method="post" action="/staff/profile/telegram/unlink">
                  <CsrfField page={page} />
                  <button type="submit" class="btn btn-outline-danger">
                    {t('tgLink.unlink')}
                  </button>
                </form>
              ) : null}
            </div>
          </>
        )}
      </div>
    </section>
  );
}

export const telegramProfileSection: ProfileSection = {
  id: 'telegram',
  order: 10,
  async render(request: FastifyRequest, page: StaffPageContext) {
    const { ctx } = request.server;
    const linkedAt = await telegramLinkedAt(ctx.database, page.actor.userId);
    return <TelegramProfileSection page={page} enabled={ctx.config.telegram.botToken !== null} linkedAt={linkedAt} />;
  },
};

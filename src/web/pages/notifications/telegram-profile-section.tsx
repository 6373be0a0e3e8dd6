/**
 * The profile page's "Telegram" section: linked since when, or a "Vincular Telegram" button
 * (a form POST that shows the one-time deep link), and "Desvincular Telegram". Registered in the
 * profile page's sections by `notificationPages`.
 */
import type { FastifyRequest } from 'fastify';
import type { ProfileSection } from '../auth/profile-sections';
import { PostButton } from '../../post-button';
import { formatDateTime, type StaffPageContext } from '../../staff-layout';
import { telegramLinkedAt } from '../../../notifications/queries/my-notices';
import { Section } from '../../card-section';

export function TelegramProfileSection({ page, enabled, linkedAt }: { page: StaffPageContext; enabled: boolean; linkedAt: number | null }) {
  const { t } = page;
  return (
    <Section id="telegram-title" title={t('tgLink.title')}>
      {!enabled ? (
        <p class="mb-0">{t('tgLink.disabled')}</p>
      ) : (
        <>
          <p>{t('tgLink.intro')}</p>
          <p>{linkedAt !== null ? t('tgLink.linked', { date: formatDateTime(page, linkedAt) }) : t('tgLink.notLinked')}</p>
          <div class="d-flex flex-wrap gap-2">
            <PostButton page={page} action="/staff/profile/telegram" class="btn btn-primary" label={t('tgLink.link')} />
            {linkedAt !== null ? <PostButton page={page} action="/staff/profile/telegram/unlink" class="btn btn-outline-danger" label={t('tgLink.unlink')} /> : null}
          </div>
        </>
      )}
    </Section>
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

/**
 * Pages of the notifications area: the tracked link `/n/{token}`, the requester's "Seguir por
 * Telegram" form, and the profile's link/unlink forms (the deep link is shown once, on the page
 * the POST that made it redirects to — it is a one-time secret).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { requireStaff } from '../../../auth/guards';
import { AppError } from '../../../core/errors';
import { chargeFollowLink, publicRateLimit } from '../../../core/rate-limits';
import { notificationDeps } from '../../../notifications/notification-deps';
import { openNotification, SUGGESTION_TARGET } from '../../../notifications/commands/open-notification';
import { createTicketFollowLink, createUserLink, unlinkFromWeb } from '../../../notifications/commands/telegram-link';
import { ticketIdOf } from '../../../notifications/queries/my-notices';
import { requireTicketCode } from '../../../tickets/ticket-code';
import { sendPage } from '../../render';
import { StaffLayout, staffPageContext } from '../../staff-layout';
import { registerProfileSection } from '../auth/profile-sections';
import { telegramProfileSection } from './telegram-profile-section';
import { putOnce, takeOnce } from '../../flash';

const TELEGRAM_LINK_PAGE = '/staff/profile/telegram';

export async function notificationPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  registerProfileSection(telegramProfileSection);

  app.get<{ Params: { token: string } }>(
    '/n/:token',
    { schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 64 }) }) }, config: { rateLimit: publicRateLimit(app) } },
    async (request, reply) => {
      const code = await openNotification(ctx, request.params.token);
      if (!code) throw new AppError('NOT_FOUND');
      if (code === SUGGESTION_TARGET) return reply.redirect(SUGGESTION_TARGET, 303);
      // The staff ticket page sends an anonymous visitor to the login page and back.
      return reply.redirect(`/staff/tickets/${code}`, 303);
    },
  );

  app.post<{ Params: { code: string } }>(
    '/t/:code/telegram',
    { schema: { hide: true, params: Type.Object({ code: Type.String({ maxLength: 40 }) }) }, config: { rateLimit: publicRateLimit(app) } },
    async (request, reply) => {
      const code = requireTicketCode(request.params.code);
      const ticketId = await ticketIdOf(ctx.database, code);
      if (!ticketId) throw new AppError('TICKET_NOT_FOUND');
      await chargeFollowLink(request);
      const url = await createTicketFollowLink(notificationDeps(ctx), ticketId);
      return reply.redirect(url, 303);
    },
  );

  app.post('/staff/profile/telegram', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const link = await createUserLink(notificationDeps(ctx), staffPageContext(request).actor.userId);
    // Post/Redirect/Get: a reload of the page that shows the link never makes another one.
    putOnce(request, reply, 'telegram', TELEGRAM_LINK_PAGE, { url: link.url });
    return reply.redirect(TELEGRAM_LINK_PAGE, 303);
  });

  app.get(TELEGRAM_LINK_PAGE, { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const { t } = page;
    const url = takeOnce(request, reply, 'telegram', TELEGRAM_LINK_PAGE)?.url;
    if (!url?.startsWith('https://t.me/')) return reply.redirect('/staff/profile', 303);
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('tgLink.link')}>
        <h1 class="h3 mb-3">{t('tgLink.link')}</h1>
        <p>{t('tgLink.open')}</p>
        <p>
          <a class="btn btn-primary btn-lg telegram-deep-link" href={url} rel="noopener">
            {t('tgLink.link')}
          </a>
        </p>
        <p class="text-break font-monospace small">{url}</p>
        <p>
          <a href="/staff/profile">{t('staff.nav.profile')}</a>
        </p>
      </StaffLayout>,
    );
  });

  app.post('/staff/profile/telegram/unlink', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    await unlinkFromWeb(ctx, staffPageContext(request).actor.userId);
    return reply.redirect('/staff/profile', 303);
  });
}

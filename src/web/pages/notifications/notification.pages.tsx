/**
 * Pages of the notifications area: the tracked link `/n/{token}`, the requester's "Seguir por
 * Telegram" form, and the profile's link/unlink forms (the deep link is shown on its own page,
 * right after the POST that made it — it is a one-time secret).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { requireStaff } from '../../../auth/guards';
import { AppError } from '../../../core/errors';
import { publicRateLimit } from '../../../http/rate-limits';
import { notificationDeps } from '../../../notifications/notification-deps';
import { openNotification } from '../../../notifications/commands/open-notification';
import { createTicketFollowLink, createUserLink, unlinkFromWeb } from '../../../notifications/commands/telegram-link';
import { ticketIdOf } from '../../../notifications/queries/my-notices';
import { normalizeTicketCode } from '../../../tickets/ticket-code';
import { sendPage } from '../../render';
import { StaffLayout, staffPageContext } from '../../staff-layout';
import { registerProfileSection } from '../auth/profile-sections';
import { telegramProfileSection } from './telegram-profile-section';

export async function notificationPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  registerProfileSection(telegramProfileSection);

  app.get<{ Params: { token: string } }>(
    '/n/:token',
    { schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 64 }) }) }, config: { rateLimit: publicRateLimit(app) } },
    async (request, reply) => {
      const code = await openNotification(ctx, request.params.token);
      if (!code) throw new AppError('NOT_FOUND');
      // The staff ticket page sends an anonymous visitor to the login page and back.
      return reply.redirect(`/staff/tickets/${code}`, 303);
    },
  );

  app.post<{ Params: { code: string } }>(
    '/t/:code/telegram',
    { schema: { hide: true, params: Type.Object({ code: Type.String({ maxLength: 40 }) }) }, config: { rateLimit: publicRateLimit(app) } },
    async (request, reply) => {
      const code = normalizeTicketCode(request.params.code);
      const ticketId = code ? await ticketIdOf(ctx.database, code) : null;
      if (!ticketId) throw new AppError('TICKET_NOT_FOUND');
      const url = await createTicketFollowLink(notificationDeps(ctx), ticketId);
      return reply.redirect(url, 303);
    },
  );

  app.post('/staff/profile/telegram', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const { t } = page;
    const link = await createUserLink(notificationDeps(ctx), page.actor.userId);
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('tgLink.link')}>
        <h1 class="h3 mb-3">{t('tgLink.link')}</h1>
        <p>{t('tgLink.open')}</p>
        <p>
          <a class="btn btn-primary btn-lg telegram-deep-link" href={link.url} rel="noopener">
            {t('tgLink.link')}
          </a>
        </p>
        <p class="text-break font-monospace small">{link.url}</p>
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

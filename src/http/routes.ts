/**
 * Installs every domain's routes in one place. Each domain exports one plugin function
 * `(app) => Promise<void>`; API routes live under `/api/v1`, pages at the root.
 */
import type { FastifyInstance } from 'fastify';
import { healthRoutes } from './health.routes';
import { categoryRoutes } from '../categories/categories.routes';
import { directoryRoutes } from '../directory/directory.routes';
import { personTicketsRoutes } from '../tickets/person-tickets.routes';
import { publicTicketRoutes } from '../tickets/public-tickets.routes';
import { chatRoutes } from '../assistant/chat.routes';
import { adminFaqRoutes } from '../assistant/admin-faqs.routes';
import { adminFaqPages } from '../web/pages/admin/faqs.pages';
import { adminAssistantPages } from '../web/pages/admin/assistant.pages';
import { staffTicketRoutes } from '../tickets/staff-tickets.routes';
import { portalPages } from '../web/pages/portal.pages';
import { workspacePages } from '../web/pages/staff/workspace.pages';
import { authRoutes } from '../auth/auth.routes';
import { loginPages } from '../web/pages/auth/login.pages';
import { profilePages } from '../web/pages/auth/profile.pages';
import { totpPages } from '../web/pages/auth/totp.pages';
import { adminOfficePages } from '../web/pages/admin/offices.pages';
import { adminStaffPages } from '../web/pages/admin/staff.pages';
import { adminCategoryPages } from '../web/pages/admin/categories.pages';
import { calendarAdminPages } from '../web/pages/admin/calendar.pages';
import { adminUserPages } from '../web/pages/admin/users.pages';
import { adminUserRoutes } from '../auth/admin-users.routes';
import { accessLogRoutes } from '../privacy/access-log.routes';
import { accessLogPages } from '../web/pages/admin/access-log.pages';
import { adminDirectoryRoutes } from '../directory/admin-directory.routes';
import { adminCategoryRoutes } from '../categories/admin-categories.routes';
import { slaAdminRoutes } from '../tickets/sla-admin.routes';
import { metricsRoutes } from '../metrics/metrics.routes';
import { surveyApiRoutes, surveyFormRoutes } from '../tickets/survey.routes';
import { conversationFormRoutes } from '../web/pages/portal/conversation-forms';
import { reportRoutes } from '../reports/reports.routes';
import { dashboardPages } from '../web/pages/dashboards/dashboards.pages';
import { prometheusRoutes } from '../metrics/prometheus.routes';
import { notificationRoutes } from '../notifications/notifications.routes';
import { telegramWebhookRoutes } from '../notifications/telegram/webhook.routes';
import { notificationPages } from '../web/pages/notifications/notification.pages';
import { jobsAdminPages } from '../web/pages/admin/jobs.pages';
import { adminAssetRoutes } from '../equipment/admin-assets.routes';
import { publicAssetRoutes } from '../equipment/public-assets.routes';
import { attachmentRoutes } from '../attachments/attachments.routes';
import { ticketAttachmentRoutes } from '../tickets/ticket-attachments.routes';
import { adminAssetPages } from '../web/pages/admin/assets.pages';
import { faqIndexRoutes } from '../assistant/faq-index.routes';
import { incidentRoutes } from '../incidents/incidents.routes';
import { offlinePortalRoutes } from '../web/offline/offline.routes';

export interface RouteModuleOptions {
  /** Names the release in the portal's offline cache (see `web/offline/offline.routes.tsx`). */
  release?: string;
}

export async function registerRouteModules(app: FastifyInstance, options: RouteModuleOptions = {}): Promise<void> {
  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(categoryRoutes);
      await api.register(directoryRoutes);
      await api.register(personTicketsRoutes);
      await api.register(publicTicketRoutes);
      await api.register(chatRoutes);
      await api.register(faqIndexRoutes);
      await api.register(adminFaqRoutes);
      await api.register(staffTicketRoutes);
      await api.register(authRoutes);
      await api.register(adminUserRoutes);
      await api.register(accessLogRoutes);
      await api.register(adminDirectoryRoutes);
      await api.register(adminCategoryRoutes);
      await api.register(slaAdminRoutes);
      await api.register(metricsRoutes);
      await api.register(surveyApiRoutes);
      await api.register(reportRoutes);
      await api.register(notificationRoutes);
      await api.register(adminAssetRoutes);
      await api.register(publicAssetRoutes);
      await api.register(attachmentRoutes);
      await api.register(ticketAttachmentRoutes);
      await api.register(incidentRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register(portalPages);
  await app.register(offlinePortalRoutes, { release: options.release });
  await app.register(adminFaqPages);
  await app.register(adminAssistantPages);
  await app.register(workspacePages);
  await app.register(loginPages);
  await app.register(profilePages);
  await app.register(totpPages);
  await app.register(accessLogPages);
  await app.register(adminOfficePages);
  await app.register(adminStaffPages);
  await app.register(adminAssetPages);
  await app.register(adminCategoryPages);
  await app.register(calendarAdminPages);
  await app.register(adminUserPages);
  await app.register(prometheusRoutes);
  await app.register(surveyFormRoutes);
  await app.register(conversationFormRoutes);
  await app.register(dashboardPages);
  await app.register(telegramWebhookRoutes);
  await app.register(notificationPages);
  await app.register(jobsAdminPages);
}

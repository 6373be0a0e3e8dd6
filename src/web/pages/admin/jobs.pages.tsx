/**
 * `/staff/admin/jobs`: the outbox as an admin sees it — counts, jobs pending, running or parked
 * (with their last error and a "Reintentar" button), and the notices for admins (a technician
 * who blocked the bot, a parked job). Forms POST with the CSRF field; no JavaScript needed.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { requireAdmin } from '../../../auth/guards';
import type { JobListItem } from '../../../jobs/jobs.repository';
import { retryJob } from '../../../jobs/commands/retry-parked-job';
import { jobsOverview } from '../../../jobs/queries/jobs-overview';
import type { AdminNotice } from '../../../notifications/notifications.repository';
import { readAdminNotice, unreadAdminNotices } from '../../../notifications/queries/admin-notices';
import type { MessageKey } from '../../../i18n';
import { sendPage } from '../../render';
import { PostButton } from '../../post-button';
import { DataTable } from '../../staff-table';
import { StaffLayout, formatDateTime, staffPageContext, type StaffPageContext } from '../../staff-layout';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

function JobsTable({ page, jobs }: { page: StaffPageContext; jobs: JobListItem[] }) {
  const { t } = page;
  if (!jobs.length) return <p>{t('jobs.none')}</p>;
  return (
    <DataTable
      label={t('jobs.title')}
      class="table table-sm align-middle"
      columns={[t('jobs.col.id'), t('jobs.col.type'), t('jobs.col.status'), t('jobs.col.attempts'), t('jobs.col.runAt'), t('jobs.col.error'), t('jobs.col.action')]}
    >
      {jobs.map((job) => (
        <tr>
          <td>{job.id}</td>
          <td>
            <code>{job.type}</code>
          </td>
          <td>{t(`jobs.status.${job.status}` as MessageKey)}</td>
          <td>
            {job.attempts}/{job.maxAttempts}
          </td>
          <td>{job.status === 'pending' ? formatDateTime(page, job.runAt) : '—'}</td>
          <td class="text-break job-error">{job.lastError ?? ''}</td>
          <td>
            {job.status === 'failed' ? (
              <PostButton page={page} action={`/staff/admin/jobs/${job.id}/retry`} label={t('jobs.retry')} ariaLabel={`${t('jobs.retry')} ${job.id}`} class="btn btn-sm btn-primary" />
            ) : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Notices({ page, notices }: { page: StaffPageContext; notices: AdminNotice[] }) {
  const { t } = page;
  return (
    <section aria-labelledby="admin-notices-title" class="mb-4">
      <h2 class="h5" id="admin-notices-title">
        {t('jobs.notices')}
      </h2>
      {notices.length === 0 ? (
        <p>{t('jobs.noNotices')}</p>
      ) : (
        <ul class="list-group">
          {notices.map((n) => (
            <li class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2">
              <span>
                <span class="text-secondary small me-2">{formatDateTime(page, n.createdAt)}</span>
                {n.message}
              </span>
              <PostButton page={page} action={`/staff/admin/notices/${n.id}/read`} label={t('jobs.markRead')} class="btn btn-sm btn-outline-secondary" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export async function jobsAdminPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;

  app.get<{ Querystring: { retried?: string } }>('/staff/admin/jobs', { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const { t } = page;
    const [{ counts, jobs }, notices] = await Promise.all([jobsOverview(ctx.database.db), unreadAdminNotices(ctx.database)]);
    const retried = Number(request.query.retried);
    const telegram = ctx.config.telegram;
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('jobs.title')}>
        <h1 class="h3 mb-3">{t('jobs.title')}</h1>
        {Number.isInteger(retried) && retried > 0 ? (
          <div class="alert alert-success" role="status">
            {t('jobs.retried', { id: retried })}
          </div>
        ) : null}
        <p>{t('jobs.intro')}</p>
        <p>{telegram.botToken ? t('jobs.telegram.on', { mode: telegram.mode }) : t('jobs.telegram.off')}</p>
        <p>{t('jobs.counts', counts)}</p>
        <Notices page={page} notices={notices} />
        <JobsTable page={page} jobs={jobs} />
      </StaffLayout>,
    );
  });

  app.post<{ Params: { id: number } }>('/staff/admin/jobs/:id/retry', { preHandler: requireAdmin, schema: { hide: true, params: IdParams } }, async (request, reply) => {
    await retryJob(ctx, request.params.id);
    return reply.redirect(`/staff/admin/jobs?retried=${request.params.id}`, 303);
  });

  app.post<{ Params: { id: number } }>('/staff/admin/notices/:id/read', { preHandler: requireAdmin, schema: { hide: true, params: IdParams } }, async (request, reply) => {
    await readAdminNotice(ctx, request.params.id);
    return reply.redirect('/staff/admin/jobs', 303);
  });
}

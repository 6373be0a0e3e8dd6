/**
 * The staff panel's notices (new tickets and reminders for the signed-in user): how notices reach
 * technicians without Telegram, or not linked to it. Each links through `/n/{token}`, which
 * records the opening. `loadNoticePanel` + `<NoticePanel>` can be placed on any staff page.
 */
import type { Database } from '../../../db/database';
import type { WebNotice } from '../../../notifications/notifications.repository';
import { myNotices } from '../../../notifications/queries/my-notices';
import { formatDateTime, type StaffPageContext } from '../../staff-layout';

export const loadNoticePanel = (database: Database, userId: number, limit = 10): Promise<WebNotice[]> => myNotices(database, userId, limit);

export function NoticePanel({ page, notices }: { page: StaffPageContext; notices: WebNotice[] }) {
  const { t } = page;
  // Waiting tickets, and the requesters' answers not opened yet.
  const waiting = notices.filter((n) => (n.kind === 'answer' ? n.openedAt === null : n.status === 'registered'));
  return (
    <section class="card mb-4" aria-labelledby="notices-title">
      <div class="card-body">
        <h2 class="h5" id="notices-title">{t('panel.title')}</h2>
        {waiting.length === 0 ? (
          <p class="mb-0">{t('panel.empty')}</p>
        ) : (
          <ul class="list-unstyled mb-0">
            {waiting.map((n) => (
              <li class={n.openedAt === null ? 'notice-item fw-semibold' : 'notice-item'}>
                <a href={`/n/${n.linkToken}`}>
                  {t(n.kind === 'reminder' ? 'panel.reminder' : n.kind === 'answer' ? 'panel.answer' : 'panel.newTicket', { code: n.code, category: n.category, office: n.office })}
                </a>{' '}
                <span class="text-secondary small">{formatDateTime(page, n.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

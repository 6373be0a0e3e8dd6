/**
 * The staff panel's notices (new tickets and reminders for the signed-in user): how notices reach
 * technicians without Telegram, or not linked to it. Each links through `/n/{token}`, which
 * records the opening. `loadNoticePanel` + `<NoticePanel>` can be placed on any staff page.
 */
import type { Database } from '../../../db/database';
import type { WebNotice } from '../../../notifications/notifications.repository';
import type { MessageKey } from '../../../i18n';
import { myNotices } from '../../../notifications/queries/my-notices';
import { formatDateTime, type StaffPageContext } from '../../staff-layout';
import { Section } from '../../card-section';

export const loadNoticePanel = (database: Database, userId: number, limit = 10): Promise<WebNotice[]> => myNotices(database, userId, limit);

const PANEL_KEY: Partial<Record<WebNotice['kind'], MessageKey>> = {
  reminder: 'panel.reminder',
  answer: 'panel.answer',
  sla_warning: 'panel.slaWarning',
  sla_breach: 'panel.slaBreach',
  suggestion: 'panel.suggestion',
};

export function NoticePanel({ page, notices }: { page: StaffPageContext; notices: WebNotice[] }) {
  const { t } = page;
  // Waiting tickets, and the requesters' answers not opened yet.
  const open = (s: string) => s === 'registered' || s === 'in_progress' || s === 'waiting';
  const waiting = notices.filter((n) =>
    n.kind === 'answer' || n.kind === 'suggestion' ? n.openedAt === null : n.kind === 'sla_warning' || n.kind === 'sla_breach' ? n.openedAt === null && open(n.status) : n.status === 'registered',
  );
  return (
    <Section id="notices-title" title={t('panel.title')}>
      {waiting.length === 0 ? (
        <p class="mb-0">{t('panel.empty')}</p>
      ) : (
        <ul class="list-unstyled mb-0">
          {waiting.map((n) => (
            <li class={n.openedAt === null ? 'notice-item fw-semibold' : 'notice-item'}>
              <a href={`/n/${n.linkToken}`}>{t(PANEL_KEY[n.kind] ?? 'panel.newTicket', { code: n.code, category: n.category, office: n.office })}</a>{' '}
              <span class="text-secondary small">{formatDateTime(page, n.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

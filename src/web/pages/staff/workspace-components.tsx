/** Pieces shared by the workspace pages: notices, waiting times, who/channel labels. */
import type { Channel, TicketEventType } from '../../../db/schema';
import type { MessageKey } from '../../../i18n';
import { formatWaiting } from '../../client/_waiting';
import type { StaffPageContext } from '../../staff-layout';

export const channelName = (page: StaffPageContext, channel: Channel) => page.t(`workspace.channel.${channel}`);
export const eventName = (page: StaffPageContext, type: TicketEventType) => page.t(`workspace.event.${type}`);

/** Success messages a redirect may ask for (`?done=`). */
const DONE: Record<string, MessageKey> = {
  taken: 'workspace.done.taken',
  assigned: 'workspace.done.assigned',
  note: 'workspace.done.note',
  resolved: 'workspace.done.resolved',
  cancelled: 'workspace.done.cancelled',
  registered: 'workspace.done.registered',
  waiting: 'workspace.done.waiting',
  in_progress: 'workspace.done.in_progress',
  reply: 'workspace.done.reply',
  replyWaiting: 'workspace.done.replyWaiting',
  settings: 'workspace.settings.saved',
  priority: 'priority.done',
  empty: 'workspace.queue.nothingToTake',
};

export function Notice({ page, done, error }: { page: StaffPageContext; done?: string; error?: string | null }) {
  if (error) {
    return (
      <div class="alert alert-danger" role="alert">
        {error}
      </div>
    );
  }
  const key = done ? DONE[done] : undefined;
  if (!key) return null;
  return (
    <div class={done === 'empty' ? 'alert alert-info' : 'alert alert-success'} role="status">
      {page.t(key)}
    </div>
  );
}

/** How long since `since`, with the exact instant for screen readers and tooltips. */
export function WaitingTime({ since, now }: { since: number; now: number }) {
  return (
    <time dateTime={new Date(since).toISOString()} data-since={since}>
      {formatWaiting(now - since)}
    </time>
  );
}

export function TicketLink({ code }: { code: string }) {
  return (
    <a class="font-monospace fw-semibold text-nowrap" href={`/staff/tickets/${code}`}>
      {code}
    </a>
  );
}

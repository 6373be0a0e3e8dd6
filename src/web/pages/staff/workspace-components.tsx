/** Pieces shared by the workspace pages: notices, waiting times, who/channel labels. */
import type { Channel, TicketEventType } from '../../../db/schema';
import type { MessageKey } from '../../../i18n';
import { formatWaiting } from '../../client/_waiting';
import type { ComponentChildren } from 'preact';
import type { StaffPageContext } from '../../staff-layout';
import { NOTE_MAX } from '../../../tickets/state-machine';
import { excerpt } from '../../../tickets/staff-presenters';
import { SHOWN_FROM } from '../../staff-table';
import { TextAreaField } from '../admin/admin-components';

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

/**
 * The text of a note or a message on a ticket or an incident (a work note, a reply, the note of a
 * change, an incident's public message): required, three rows, up to NOTE_MAX unless told.
 */
export function NoteField(props: Omit<Parameters<typeof TextAreaField>[0], 'rows' | 'required'>) {
  return <TextAreaField {...props} rows={3} required maxLength={props.maxLength ?? NOTE_MAX} />;
}

/** A list's description cell: the start of the description, two lines at most, hidden below `from`. */
export function DescriptionCell({ description, from }: { description: string; from: 'md' | 'lg' }) {
  return (
    <td class={`${SHOWN_FROM[from]} description-cell`}>
      <div class="clamp-2">{excerpt(description)}</div>
    </td>
  );
}

/** A workspace page's title with its main action on the right (on a phone, below it). */
export function PageHeading({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="d-flex flex-wrap align-items-center justify-content-between gap-3 mb-2">
      <h1 class="h3 mb-0">{title}</h1>
      {children}
    </div>
  );
}

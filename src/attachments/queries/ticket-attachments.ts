import type { Executor } from '../../db/database';
import { listTicketAttachments } from '../attachments.repository';
import { presentAttachment, type AttachmentView } from '../presenters';

/** A ticket's attachments by where they came: the filing itself, a note (internal), a message. */
export interface TicketAttachments {
  own: AttachmentView[];
  byNote: Map<number, AttachmentView[]>;
  byMessage: Map<number, AttachmentView[]>;
}

const push = (map: Map<number, AttachmentView[]>, key: number, view: AttachmentView) => {
  const list = map.get(key);
  if (list) list.push(view);
  else map.set(key, [view]);
};

export async function ticketAttachments(db: Executor, ticket: { id: number; code: string }): Promise<TicketAttachments> {
  const out: TicketAttachments = { own: [], byNote: new Map(), byMessage: new Map() };
  for (const a of await listTicketAttachments(db, ticket.id)) {
    const view = presentAttachment(ticket.code, a);
    if (a.eventId !== null) push(out.byNote, a.eventId, view);
    else if (a.messageId !== null) push(out.byMessage, a.messageId, view);
    else out.own.push(view);
  }
  return out;
}

/**
 * The conversation presenter: public replies and the requester's answers as the tracking page, the
 * public API and the staff views show them — oldest first, staff authors by first name only, each
 * item with its `attachments` (filled by the attachments feature; an empty list without it).
 * Internal notes are never messages, so they cannot appear here.
 */
import type { TicketMessage } from './ticket-messages.repository';

/** One attached file as the API lists it (`url` serves it to whoever may see the ticket). */
export interface ConversationAttachment {
  id: string;
  name: string;
  type: string;
  size: number;
  url: string;
}

export interface ConversationItem {
  id: number;
  from: 'staff' | 'requester';
  /** Staff messages: the author's first name (never the full name in public). */
  author?: { firstName: string };
  text: string;
  at: string;
  attachments: ConversationAttachment[];
}

/** Attachments of each message, by message id. */
export type AttachmentsByMessage = ReadonlyMap<number, ConversationAttachment[]>;

export const firstNameOf = (fullName: string): string => fullName.trim().split(/\s+/)[0] ?? '';

export function presentConversation(messages: readonly TicketMessage[], attachments?: AttachmentsByMessage): ConversationItem[] {
  return messages.map((m) => {
    const item: ConversationItem = { id: m.id, from: m.from, text: m.text, at: new Date(m.at).toISOString(), attachments: attachments?.get(m.id) ?? [] };
    if (m.from === 'staff' && m.authorFullName) item.author = { firstName: firstNameOf(m.authorFullName) };
    return item;
  });
}

/** The first line of a message, cut for a notification ("first line + link"). */
export function firstLineOf(text: string, max = 200): string {
  const line = (text.split(/\r?\n/).find((l) => l.trim()) ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

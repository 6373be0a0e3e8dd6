/** How an attachment appears in API answers; the same shape wherever it is listed. */
import type { AttachmentRecord } from './attachments.repository';

export interface AttachmentView {
  id: string;
  name: string;
  type: string;
  size: number;
  url: string;
}

export const attachmentUrl = (code: string, id: string): string => `/api/v1/tickets/${code}/attachments/${id}`;

export const presentAttachment = (code: string, a: Pick<AttachmentRecord, 'id' | 'name' | 'type' | 'size'>): AttachmentView => ({
  id: a.id,
  name: a.name,
  type: a.type,
  size: a.size,
  url: attachmentUrl(code, a.id),
});
